package dev.mnc.passes;

import java.util.Optional;

/**
 * Choices that shape a default pipeline ({@link BuiltinPasses#defaultPipeline}).
 *
 * @param ioLayout layout of rank-4 model inputs and outputs; empty for the target's default.
 *     A {@code layout.io} value in the {@link PassContext} still wins over both.
 */
public record PipelineOptions(Optional<IoLayout> ioLayout) {

    /** Everything at the target's defaults. */
    public static PipelineOptions defaults() {
        return new PipelineOptions(Optional.empty());
    }

    public PipelineOptions withIoLayout(IoLayout layout) {
        return new PipelineOptions(Optional.of(layout));
    }
}
