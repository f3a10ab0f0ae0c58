// The contract between the executor and each operator's forward/backward implementation.
import Tensor

/// How a backward pass stores an input's gradient: not at all, overwrite, or accumulate
/// (several consumers of one value; the first consumer in reverse order writes, later ones add).
enum GradientRequest {
    case none, write, add
}

/// The buffers one operator node works on, fixed when the executor is bound.
///
/// Pointers stay valid for the executor's lifetime (the executor owns the storages).
struct KernelBinding {
    /// The node's name, for error messages (`embedding1: index …`).
    let name: String
    let inputs: [UnsafeMutablePointer<Float>]
    let inputShapes: [[Int]]
    let output: UnsafeMutablePointer<Float>
    let outputShape: [Int]
    /// The gradient of the loss with respect to the output (`nil` when no gradient flows).
    let outputGradient: UnsafeMutablePointer<Float>?
    /// Where each input's gradient goes (`nil` where `requests[i] == .none`).
    let inputGradients: [UnsafeMutablePointer<Float>?]
    let requests: [GradientRequest]

    var outputCount: Int { outputShape.reduce(1, *) }
    func inputCount(_ index: Int) -> Int { inputShapes[index].reduce(1, *) }
}

/// One operator node, bound to its buffers: `forward` computes the output from the inputs,
/// `backward` the input gradients from the output gradient (and, for loss layers, the label).
protocol OperatorKernel: AnyObject {
    func forward(isTraining: Bool) throws
    func backward() throws
}

/// Small loop helpers shared by the kernels.
enum Loops {
    /// Elementwise loops below this size run on one thread.
    static let parallelThreshold = 65_536

    /// Runs `body` over `0..<count`, in parallel chunks for large counts.
    @inline(__always)
    static func forEach(_ count: Int, _ body: (Range<Int>) -> Void) {
        if count < parallelThreshold {
            if count > 0 { body(0..<count) }
        } else {
            Parallel.forEachChunk(count: count, minimumChunk: 32_768, body)
        }
    }

    /// Runs `body(range, add)` over `0..<count` in chunks unless `request` is `.none`; `add`
    /// tells the body to accumulate into the gradient instead of overwriting it. (The body
    /// holds the per-element loop, so the element code is compiled inline, not called.)
    @inline(__always)
    static func update(count: Int, request: GradientRequest, _ body: (Range<Int>, Bool) -> Void) {
        guard request != .none else { return }
        let add = request == .add
        forEach(count) { range in body(range, add) }
    }

    /// Copies `count` floats from `source` to `destination` (not overlapping) with vector moves
    /// in line: for the short rows of embeddings and layers (25 or 64 floats), where a call to
    /// `memmove` per row costs more than the copy.
    @inline(__always)
    static func copy(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
        var k = 0
        while k + 8 <= count {
            let lanes = UnsafeRawPointer(source + k).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(destination + k).storeBytes(of: lanes, as: SIMD8<Float>.self)
            k += 8
        }
        // The last up to 7 floats in moves of 4, 2 and 1 (15 floats: 8 + 4 + 2 + 1).
        if k + 4 <= count {
            let lanes = UnsafeRawPointer(source + k).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(destination + k).storeBytes(of: lanes, as: SIMD4<Float>.self)
            k += 4
        }
        if k + 2 <= count {
            let lanes = UnsafeRawPointer(source + k).loadUnaligned(as: SIMD2<Float>.self)
            UnsafeMutableRawPointer(destination + k).storeBytes(of: lanes, as: SIMD2<Float>.self)
            k += 2
        }
        if k < count { destination[k] = source[k] }
    }

    /// Sets `count` floats at `destination` to zero with vector stores in line (short rows).
    @inline(__always)
    static func zero(_ destination: UnsafeMutablePointer<Float>, count: Int) {
        var k = 0
        while k + 8 <= count {
            UnsafeMutableRawPointer(destination + k).storeBytes(of: SIMD8<Float>(), as: SIMD8<Float>.self)
            k += 8
        }
        if k < count { SIMD8<Float>().store(to: destination + k, count: count - k) }
    }

    /// Adds eight Doubles to the eight at `address` (a partial sum of a Double reduction, e.g.
    /// the bias gradient's or batch norm's per-channel sums); all eight must be writable.
    @inline(__always)
    static func add(_ values: SIMD8<Double>, to address: UnsafeMutablePointer<Double>) {
        let raw = UnsafeMutableRawPointer(address)
        raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Double>.self) + values, as: SIMD8<Double>.self)
    }

    /// `x = max(x, 0)` over `count` floats, in place (NaN becomes 0, as MXNet's relu).
    @inline(__always)
    static func rectify(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = x[i] > 0 ? x[i] : 0 }
    }
}
