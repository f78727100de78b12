package io.shardbridge.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when any {@code shardbridge.target.*} property is set: without a target there is nothing to migrate to. */
class OnShardbridgeTarget extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (context.getEnvironment() instanceof ConfigurableEnvironment env) {
            for (var source : env.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> e) {
                    for (String name : e.getPropertyNames()) {
                        if (name.startsWith("shardbridge.target.")) {
                            return ConditionOutcome.match("found " + name);
                        }
                    }
                }
            }
        }
        return ConditionOutcome.noMatch("no shardbridge.target.* property");
    }
}
