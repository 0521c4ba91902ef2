package dev.mnc.quantize;

import dev.mnc.ir.Graph;
import dev.mnc.ir.text.IrParser;

/** Small float graphs shaped like MobileNet blocks, for tests that run the whole quantizer. */
final class Blocks {
    private Blocks() {}

    /** Conv, depthwise, projection, residual add, hard swish, global mean, dense layer: logits [1, 4]. */
    static Graph mobileBlock() {
        return IrParser.parse("""
                graph @block(%x: f32[1,8,8,3] nhwc) {
                  %c1 = conv2d(%x, @w1, @b1) {strides=[2,2], pads=[0,0,1,1], act=relu6, layout=nhwc}
                  %d = conv2d(%c1, @dw, @bd) {pads=[1,1,1,1], group=8, act=relu6, layout=nhwc}
                  %p = conv2d(%d, @w2, @b2) {layout=nhwc}
                  %r = add(%c1, %p)
                  %h = hard_swish(%r)
                  %m = mean(%h) {axes=[1,2], keep_dims=true}
                  %f = reshape(%m) {shape=[1,8]}
                  %logits = fully_connected(%f, @fw, @fb)
                  return %logits
                }
                const @w1: f32[8,3,3,3] = random(seed=1, min=-0.5, max=0.5)
                const @b1: f32[8] = random(seed=2, min=-0.2, max=0.4)
                const @dw: f32[8,3,3,1] = random(seed=3, min=-0.8, max=0.8)
                const @bd: f32[8] = random(seed=4, min=-0.2, max=0.2)
                const @w2: f32[8,1,1,8] = random(seed=5, min=-0.6, max=0.6)
                const @b2: f32[8] = random(seed=6, min=-0.1, max=0.1)
                const @fw: f32[4,8] = random(seed=7, min=-1, max=1)
                const @fb: f32[4] = [0.1, -0.1, 0.2, 0.0]
                """);
    }

    /** A squeeze-excite block with PaddleOCR's hard sigmoid and a final softmax: probabilities [1, 3]. */
    static Graph squeezeExcite() {
        return IrParser.parse("""
                graph @se(%x: f32[1,6,6,4] nhwc) {
                  %c = conv2d(%x, @w, @b) {pads=[1,1,1,1], layout=nhwc}
                  %h = hard_swish(%c)
                  %m = mean(%h) {axes=[1,2], keep_dims=true}
                  %s1 = conv2d(%m, @sw1, @sb1) {act=relu, layout=nhwc}
                  %s2 = conv2d(%s1, @sw2, @sb2) {layout=nhwc}
                  %g = hard_sigmoid(%s2) {alpha=0.2, beta=0.5}
                  %e = mul(%h, %g)
                  %p = max_pool2d(%e) {kernel=[2,2], strides=[2,2], layout=nhwc}
                  %q = mean(%p) {axes=[1,2], keep_dims=true}
                  %f = reshape(%q) {shape=[1,4]}
                  %l = fully_connected(%f, @fw, @fb)
                  %y = softmax(%l) {axis=1}
                  return %y
                }
                const @w: f32[4,3,3,4] = random(seed=11, min=-0.6, max=0.6)
                const @b: f32[4] = random(seed=12, min=-0.3, max=0.3)
                const @sw1: f32[2,1,1,4] = random(seed=13, min=-1, max=1)
                const @sb1: f32[2] = [0.1, 0.2]
                const @sw2: f32[4,1,1,2] = random(seed=14, min=-2, max=2)
                const @sb2: f32[4] = [0.0, 0.5, -0.5, 1.0]
                const @fw: f32[3,4] = random(seed=15, min=-2, max=2)
                const @fb: f32[3] = [0.0, 0.3, -0.3]
                """);
    }
}
