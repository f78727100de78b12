/** Will hold the Spring Boot 3.5 auto-configuration, properties, actuator endpoint and metrics (issue #6). */
package io.shardbridge.autoconfigure;
