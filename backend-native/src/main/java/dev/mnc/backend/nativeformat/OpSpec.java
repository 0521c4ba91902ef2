package dev.mnc.backend.nativeformat;

import dev.mnc.ir.Node;
import dev.mnc.ir.Value;
import dev.mnc.runtime.format.OpCode;
import java.util.List;

/**
 * One IR node lowered to a runtime op: the opcode, the values it reads (null for an absent
 * optional input) and writes, and its parameter words as FORMAT.md defines them per opcode.
 */
record OpSpec(Node node, OpCode op, List<Value> inputs, List<Value> outputs, int[] params) {}
