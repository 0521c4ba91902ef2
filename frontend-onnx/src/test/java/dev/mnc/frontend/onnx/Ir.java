package dev.mnc.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrPrinter;
import dev.mnc.onnx.proto.Onnx.ModelProto;
import dev.mnc.testdata.OnnxModelBuilder;
import org.assertj.core.api.AbstractThrowableAssert;

/** Shorthands for the import tests: the IR structure of an imported model, and expected import errors. */
final class Ir {
    private Ir() {}

    /** Imports {@code b}'s model (after the ONNX Runtime shape check) and prints its structure. */
    static String of(OnnxModelBuilder b) {
        return IrPrinter.structure(OrtCheck.importAndCompare(b.build()));
    }

    /** Same, with input-shape bindings. */
    static String of(OnnxModelBuilder b, ImportOptions o) {
        return IrPrinter.structure(OrtCheck.importAndCompare(b.build(), o));
    }

    /** The IR structure without the ONNX Runtime check (for models ORT itself refuses or cannot run). */
    static String unchecked(ModelProto m) {
        return IrPrinter.structure(OnnxImporter.importModel(m.toByteArray(), "test.onnx", null, ImportOptions.defaults()));
    }

    /** Asserts the import fails with an {@link MncException} whose message starts with the file name. */
    static AbstractThrowableAssert<?, ? extends Throwable> fails(OnnxModelBuilder b) {
        return fails(b.build(), ImportOptions.defaults());
    }

    static AbstractThrowableAssert<?, ? extends Throwable> fails(ModelProto m, ImportOptions o) {
        return assertThatThrownBy(() -> OnnxImporter.importModel(m.toByteArray(), "test.onnx", null, o))
                .isExactlyInstanceOf(MncException.class)
                .hasMessageStartingWith("test.onnx: ")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
