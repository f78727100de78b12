package io.shardbridge.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardbridge.bridge.jdbc.Bridge;
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
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns the {@code shardbridge.*} properties into the application's DataSource: the migration layer over
 * the legacy database ({@code shardbridge.legacy}, or the service's own {@code spring.datasource.*}) and
 * the shards. It runs before Boot's DataSource auto-configuration, so a service moves off PostgreSQL by
 * adding the dependency and the properties; its data-access code does not change. An application that
 * defines its own DataSource keeps it as legacy, wrapped by a primary {@link BridgeDataSource}. Every
 * bean backs off when the application defines its own of that type.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(BridgeDataSource.class)
@ConditionalOnProperty(prefix = "shardbridge", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShardbridgeProperties.class)
public class ShardbridgeAutoConfiguration {
    /** The configuration comes from the properties, unless the application defines a {@link ShardbridgeConfig} bean. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    @Conditional(OnShardbridgeTarget.class)
    public BridgeDataSource dataSource(ObjectProvider<ShardbridgeConfig> config, ConfigurableEnvironment environment,
                                       ObjectProvider<MeterRegistry> registry) {
        BridgeDataSource.Builder builder = BridgeDataSource.builder(config.getIfAvailable(() -> ShardbridgePropertyTree.config(environment)));
        registry.ifAvailable(builder::meterRegistry); // without one, the meters stay in the DataSource's own registry
        return builder.open();
    }

    /**
     * The application defines its own DataSource: it becomes legacy (its pool is used as it is) and the
     * migration layer over it becomes the primary DataSource, which JdbcTemplate, JPA and MyBatis pick up.
     */
    @Bean(destroyMethod = "close")
    @Primary
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(DataSource.class)
    @ConditionalOnMissingBean(BridgeDataSource.class)
    @Conditional(OnShardbridgeTarget.class)
    public BridgeDataSource shardbridgeDataSource(ObjectProvider<DataSource> applicationDataSource, ObjectProvider<ShardbridgeConfig> config,
                                                 ConfigurableEnvironment environment, ObjectProvider<MeterRegistry> registry) {
        DataSource legacy = applicationDataSource.getIfUnique();
        if (legacy == null) {
            throw new io.shardbridge.ShardbridgeException("the application defines several DataSources and none is the legacy one to migrate; "
                    + "set shardbridge.legacy.url, or mark the legacy DataSource @Primary");
        }
        ShardbridgeConfig resolved = config.getIfAvailable(() -> ShardbridgePropertyTree.config(environment, legacy));
        BridgeDataSource.Builder builder = BridgeDataSource.builder(resolved).legacyDataSource(legacy);
        registry.ifAvailable(builder::meterRegistry);
        return builder.open();
    }

    /**
     * The operator API of the migration layer ({@link BridgeDataSource#bridge()}): phase moves, backfill, verification,
     * repair, status, for the application's own jobs and endpoints. It is closed with the DataSource.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(BridgeDataSource.class)
    public Bridge shardbridgeBridge(BridgeDataSource dataSource) {
        return dataSource.bridge();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(Bridge.class)
    public ShardbridgePhaseRefresher shardbridgePhaseRefresher(Bridge bridge, ConfigurableEnvironment environment,
                                                               ShardbridgeProperties properties) {
        return new ShardbridgePhaseRefresher(bridge, environment, properties.refreshMs()).start();
    }
}
