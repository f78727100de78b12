package io.shardbridge.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns the {@code shardbridge.*} properties into the application's DataSource: the migration layer over
 * the legacy database ({@code shardbridge.legacy}, or the service's own {@code spring.datasource.*}) and
 * the shards. It runs before Boot's DataSource auto-configuration, so a service moves off PostgreSQL by
 * adding the dependency and the properties; its data-access code does not change. Every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(BridgeDataSource.class)
@ConditionalOnProperty(prefix = "shardbridge", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShardbridgeProperties.class)
public class ShardbridgeAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnShardbridgeTarget.class)
    public ShardbridgeConfig shardbridgeConfig(ConfigurableEnvironment environment) {
        return ShardbridgePropertyTree.config(environment);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    @Conditional(OnShardbridgeTarget.class)
    public BridgeDataSource dataSource(ObjectProvider<ShardbridgeConfig> config, ObjectProvider<MeterRegistry> registry) {
        return BridgeDataSource.builder(config.getObject()).meterRegistry(registry.getIfAvailable(() -> Metrics.globalRegistry)).open();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(BridgeDataSource.class)
    public ShardbridgePhaseRefresher shardbridgePhaseRefresher(BridgeDataSource dataSource, ConfigurableEnvironment environment,
                                                               ShardbridgeProperties properties) {
        return new ShardbridgePhaseRefresher(dataSource, environment, properties.getRefreshMs()).start();
    }
}
