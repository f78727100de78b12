/**
 * A PetClinic-style Spring Boot and Hibernate service, written as its team would write it, with no shardbridge
 * type in its code: its migration is done by configuration only (the starter and its properties).
 */
package io.shardbridge.examples.clinic;
