/**
 * The IR's text form, which prints and parses: {@link dev.mnc.ir.text.IrPrinter} and
 * {@link dev.mnc.ir.text.IrParser}. Golden pass tests, {@code --print-after-all} and
 * {@code --dump-ir-dir} all speak it. Grammar (informal):
 * <pre>
 * module   := graph const*
 * graph    := 'graph' '@' NAME '(' [ input (',' input)* ] ')' '{' stmt* 'return' refs '}'
 * input    := '%' NAME ':' type
 * stmt     := '%' NAME (',' '%' NAME)* '=' OP '(' refs ')' [ attrs ] [ ':' type (',' type)* ] [ loc ]
 * refs     := [ ref (',' ref)* ]      ref := '%' NAME | '@' NAME
 * attrs    := '{' NAME '=' value (',' NAME '=' value)* '}'
 * type     := DTYPE '[' dims ']' [ 'nchw' | 'nhwc' ] [ quant ]
 * quant    := 'q' '(' scale ',' zp ')' | 'q' '(' 'axis' '=' INT ',' 'scales' '=' list ',' 'zps' '=' list ')'
 * loc      := 'loc' '(' STRING (',' STRING)* ')'
 * const    := 'const' '@' NAME ':' type '=' data
 * data     := list | 'splat' '(' NUM ')' | 'random' '(' 'seed' '=' INT [',' 'min' '=' NUM ',' 'max' '=' NUM] ')' | '&lt;elided&gt;'
 * </pre>
 * Names that are not plain identifiers ({@code [A-Za-z0-9_.$/-]+}) are quoted:
 * {@code %"onnx::Conv_12"}. {@code #} starts a comment.
 */
package dev.mnc.ir.text;
