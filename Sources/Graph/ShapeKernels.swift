// Operators that move or reduce data without arithmetic per se: concat, flatten, sum over an axis.
import Tensor

/// Normalises a possibly negative axis for a value of rank `rank`.
func normalizedAxis(_ axis: Int, rank: Int, node: String) throws -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    guard normalized >= 0, normalized < rank else {
        throw EngineError.invalidArgument("\(node): axis \(axis) is out of bounds for an input of rank \(rank)")
    }
    return normalized
}

/// MXNet `concat(dim=d)`: inputs agree on every dimension but `d`; the output's `d` is their sum.
/// Backward slices the output gradient back into each input's gradient.
final class ConcatKernel: OperatorKernel {
    private let binding: KernelBinding
    /// Product of the dimensions before the axis.
    private let outer: Int
    /// Per input: elements per outer index (`shape[d] · product of later dimensions`).
    private let blocks: [Int]
    private let outputBlock: Int

    static func inferShapes(node: String, inputs: [[Int]], dimension: Int) throws -> NodeShapes {
        guard let first = inputs.first else {
            throw EngineError.invalidArgument("\(node): concat needs at least one input")
        }
        let axis = try normalizedAxis(dimension, rank: first.count, node: node)
        var output = first
        for shape in inputs.dropFirst() {
            guard shape.count == first.count,
                  zip(shape, first).enumerated().allSatisfy({ $0.offset == axis || $0.element.0 == $0.element.1 })
            else {
                throw EngineError.shapeMismatch("\(node): cannot concatenate shapes \(inputs.map { "\($0)" }.joined(separator: ", ")) along dimension \(dimension)")
            }
            output[axis] += shape[axis]
        }
        return NodeShapes(inputs: inputs, output: output)
    }

    init(_ binding: KernelBinding, dimension: Int) throws {
        self.binding = binding
        let rank = binding.outputShape.count
        let axis = try normalizedAxis(dimension, rank: rank, node: binding.name)
        outer = binding.outputShape[..<axis].reduce(1, *)
        blocks = binding.inputShapes.map { $0[axis...].reduce(1, *) }
        outputBlock = binding.outputShape[axis...].reduce(1, *)
    }

    func forward(isTraining: Bool) throws {
        let y = binding.output, inputs = binding.inputs, blocks = self.blocks, outputBlock = self.outputBlock
        Parallel.forEachChunk(count: outer, minimumChunk: Swift.max(1, Loops.parallelThreshold / Swift.max(outputBlock, 1))) { range in
            for o in range {
                var offset = 0
                for (input, block) in zip(inputs, blocks) {
                    Loops.copy(from: input + o * block, to: y + o * outputBlock + offset, count: block)
                    offset += block
                }
            }
        }
    }

    func backward() throws {
        guard let g = binding.outputGradient else { return }
        var offset = 0
        for (index, block) in blocks.enumerated() {
            if let dx = binding.inputGradients[index] {
                let add = binding.requests[index] == .add
                let (outer, outputBlock, start) = (self.outer, self.outputBlock, offset)
                Parallel.forEachChunk(count: outer, minimumChunk: Swift.max(1, Loops.parallelThreshold / Swift.max(block, 1))) { range in
                    for o in range {
                        let source = g + o * outputBlock + start, destination = dx + o * block
                        if add {
                            for k in 0..<block { destination[k] += source[k] }
                        } else {
                            Loops.copy(from: source, to: destination, count: block)
                        }
                    }
                }
            }
            offset += block
        }
    }
}

/// MXNet `flatten`: `[d0, d1, …] → [d0, d1·d2·…]`. The executor normally binds the output to
/// the input's buffer and the output gradient to the input's gradient, so both passes are free;
/// otherwise they copy.
final class FlattenKernel: OperatorKernel {
    private let binding: KernelBinding
    private let count: Int

    static func inferShapes(data: [Int]) throws -> NodeShapes {
        guard let first = data.first else { return NodeShapes(inputs: [data], output: [1, 1]) }
        return NodeShapes(inputs: [data], output: [first, data.dropFirst().reduce(1, *)])
    }

    init(_ binding: KernelBinding) {
        self.binding = binding
        count = binding.outputCount
    }

    func forward(isTraining: Bool) throws {
        // The executor normally binds the output to the input's own buffer.
        if binding.output != binding.inputs[0] { binding.output.update(from: binding.inputs[0], count: count) }
    }

    func backward() throws {
        guard let dx = binding.inputGradients[0], let g = binding.outputGradient, dx != g else { return }
        Loops.update(count: count, request: binding.requests[0]) { range, add in
            for i in range {
                let v: Float = g[i]
                dx[i] = add ? dx[i] + v : v
            }
        }
    }
}

/// MXNet `sum_axis(axis=a, keepdims=k)`: viewing the input as `[outer, n, inner]`, the output is
/// `[outer, inner]` (sums in Float32, in index order); backward broadcasts the gradient over `n`.
final class SumAxisKernel: OperatorKernel {
    private let binding: KernelBinding
    private let outer: Int
    private let length: Int
    private let inner: Int

    static func inferShapes(node: String, data: [Int], axis: Int, keepDims: Bool) throws -> NodeShapes {
        let a = try normalizedAxis(axis, rank: data.count, node: node)
        var output = data
        if keepDims { output[a] = 1 } else { output.remove(at: a) }
        return NodeShapes(inputs: [data], output: output)
    }

    init(_ binding: KernelBinding, axis: Int) throws {
        self.binding = binding
        let shape = binding.inputShapes[0]
        let a = try normalizedAxis(axis, rank: shape.count, node: binding.name)
        outer = shape[..<a].reduce(1, *)
        length = shape[a]
        inner = shape[(a + 1)...].reduce(1, *)
    }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], y = binding.output
        let (length, inner) = (self.length, self.inner)
        if inner == 1 {
            // A sum over the last axis (MF's `sum_axis(user * movie, axis=1)`): the same order
            // of additions, in a register.
            Loops.forEach(outer) { range in
                for o in range {
                    let row = x + o * length
                    var total: Float = 0
                    for n in 0..<length { total += row[n] }
                    y[o] = total
                }
            }
            return
        }
        Loops.forEach(outer) { range in
            for o in range {
                let base = x + o * length * inner, out = y + o * inner
                for j in 0..<inner { out[j] = 0 }
                for n in 0..<length {
                    let row = base + n * inner
                    for j in 0..<inner { out[j] += row[j] }
                }
            }
        }
    }

    func backward() throws {
        guard let dx = binding.inputGradients[0], let g = binding.outputGradient else { return }
        let (length, inner) = (self.length, self.inner)
        let add = binding.requests[0] == .add
        if inner == 1, !add {
            Loops.forEach(outer) { range in
                for o in range { (dx + o * length).update(repeating: g[o], count: length) }
            }
            return
        }
        Loops.forEach(outer) { range in
            for o in range {
                let base = dx + o * length * inner, source = g + o * inner
                for n in 0..<length {
                    let row = base + n * inner
                    if add {
                        for j in 0..<inner { row[j] += source[j] }
                    } else {
                        for j in 0..<inner { row[j] = source[j] }
                    }
                }
            }
        }
    }
}
