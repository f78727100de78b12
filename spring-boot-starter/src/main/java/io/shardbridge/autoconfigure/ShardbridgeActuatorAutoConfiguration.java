package io.shardbridge.autoconfigure;

import io.shardbridge.bridge.jdbc.Bridge;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The actuator endpoint {@code shardbridge} and the health indicator, when actuator is on the classpath. */
@AutoConfiguration(after = ShardbridgeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Bridge.class)
public class ShardbridgeActuatorAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public ShardbridgeEndpoint shardbridgeEndpoint(Bridge bridge) {
        return new ShardbridgeEndpoint(bridge);
    }

    @Bean
    @ConditionalOnMissingBean(name = "shardbridgeHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("shardbridge")
    public ShardbridgeHealthIndicator shardbridgeHealthIndicator(Bridge bridge) {
        return new ShardbridgeHealthIndicator(bridge);
    }
}
