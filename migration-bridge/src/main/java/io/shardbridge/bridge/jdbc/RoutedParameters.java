package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.jdbc.delegate.ParameterBindings;

/** The kit's parameter recorder, seen by capture, key filling and shadow reads as one execution's {@link StatementParameters}. */
final class RoutedParameters extends ParameterBindings implements StatementParameters {
    RoutedParameters() {
    }

    private RoutedParameters(RoutedParameters from) {
        super(from);
    }

    @Override
    public RoutedParameters copy() {
        return new RoutedParameters(this);
    }
}
