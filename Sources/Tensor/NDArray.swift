import Foundation

/// The element types of `NDArray`, named as numpy names them.
public enum NDArrayDType: Equatable, Sendable {
    case float64, float32, int64, bool
    /// numpy's fixed-width unicode `<U…`; the width is the longest element (see `NDArray.stringWidth`).
    case string

    /// numpy's name: `float64`, `float32`, `int64`, `bool`, `str`.
    public var name: String {
        switch self {
        case .float64: return "float64"
        case .float32: return "float32"
        case .int64: return "int64"
        case .bool: return "bool"
        case .string: return "str"
        }
    }

    /// Whether the type is a floating type.
    public var isFloatingPoint: Bool { self == .float64 || self == .float32 }
}

/// The contiguous row-major buffer of an `NDArray`, one case per dtype.
public enum NDArrayStorage: Equatable {
    case float64([Double])
    case float32([Float])
    case int64([Int])
    case bool([Bool])
    case string([String])

    /// Number of elements.
    public var count: Int {
        switch self {
        case .float64(let a): return a.count
        case .float32(let a): return a.count
        case .int64(let a): return a.count
        case .bool(let a): return a.count
        case .string(let a): return a.count
        }
    }

    public var dtype: NDArrayDType {
        switch self {
        case .float64: return .float64
        case .float32: return .float32
        case .int64: return .int64
        case .bool: return .bool
        case .string: return .string
        }
    }
}

/// One element of an `NDArray` (numpy's scalar types).
public enum NDArrayScalar: Equatable {
    case float64(Double)
    case float32(Float)
    case int64(Int)
    case bool(Bool)
    case string(String)

    /// The value as a double (strings: NaN).
    public var doubleValue: Double {
        switch self {
        case .float64(let v): return v
        case .float32(let v): return Double(v)
        case .int64(let v): return Double(v)
        case .bool(let v): return v ? 1 : 0
        case .string(let s): return Double(s) ?? .nan
        }
    }
}

/// A mistake with an array (shape, index, dtype), carrying the numpy exception class and message.
public struct NDArrayError: Error, Equatable, CustomStringConvertible {
    /// The Python exception the script layer raises.
    public enum Kind: Equatable { case index, value, type, memory }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }
}

/// numpy's `ndarray`: an N-dimensional, row-major array of float64, float32, int64, bool or str
/// elements, with value semantics (a copy is independent; numpy's views are not modelled —
/// slicing copies).
///
/// Shapes are `[Int]` (`[]` is a 0-d scalar array). Operations follow numpy 1.x: broadcasting,
/// type promotion, indexing, reductions and printed forms (`NDArray+*.swift`).
public struct NDArray: Equatable {
    /// Dimensions, outermost first; the element count is their product.
    public private(set) var shape: [Int]
    /// The elements in row-major order.
    public private(set) var storage: NDArrayStorage

    /// An array of `storage` viewed with `shape`.
    /// - Throws: `.value` when the shape's product is not the element count or a dimension is negative.
    public init(shape: [Int], storage: NDArrayStorage) throws {
        let size = try? NDArray.elementCount(of: shape, limited: false)
        guard shape.allSatisfy({ $0 >= 0 }) else { throw NDArrayError(.value, "negative dimensions are not allowed") }
        guard size == storage.count else {
            throw NDArrayError(.value, "cannot reshape array of size \(storage.count) into shape \(NDArray.describe(shape: shape))")
        }
        self.shape = shape
        self.storage = storage
    }

    /// Internal unchecked initializer (callers guarantee the product matches).
    init(uncheckedShape shape: [Int], _ storage: NDArrayStorage) {
        self.shape = shape
        self.storage = storage
    }

    /// A 1-D float64 array.
    public init(_ values: [Double]) { self.init(uncheckedShape: [values.count], .float64(values)) }
    /// A 1-D float32 array.
    public init(_ values: [Float]) { self.init(uncheckedShape: [values.count], .float32(values)) }
    /// A 1-D int64 array.
    public init(_ values: [Int]) { self.init(uncheckedShape: [values.count], .int64(values)) }
    /// A 1-D bool array.
    public init(_ values: [Bool]) { self.init(uncheckedShape: [values.count], .bool(values)) }
    /// A 1-D str array.
    public init(_ values: [String]) { self.init(uncheckedShape: [values.count], .string(values)) }
    /// A 0-d array holding `scalar`.
    public init(scalar: NDArrayScalar) {
        switch scalar {
        case .float64(let v): self.init(uncheckedShape: [], .float64([v]))
        case .float32(let v): self.init(uncheckedShape: [], .float32([v]))
        case .int64(let v): self.init(uncheckedShape: [], .int64([v]))
        case .bool(let v): self.init(uncheckedShape: [], .bool([v]))
        case .string(let v): self.init(uncheckedShape: [], .string([v]))
        }
    }

    // MARK: Properties

    public var dtype: NDArrayDType { storage.dtype }
    /// Number of elements (numpy's `size`).
    public var count: Int { storage.count }
    /// Number of dimensions (numpy's `ndim`).
    public var rank: Int { shape.count }
    /// For str arrays, numpy's `<U` width: the longest element in characters (at least 1).
    public var stringWidth: Int {
        if case .string(let a) = storage { return Swift.max(1, a.map { $0.unicodeScalars.count }.max() ?? 1) }
        return 0
    }
    /// numpy's dtype string: `float64`, `float32`, `int64`, `bool`, `<U5`.
    public var dtypeDescription: String { dtype == .string ? "<U\(stringWidth)" : dtype.name }

    /// The product of `shape`, checked: dimensions must be non-negative and the count must not
    /// overflow nor (when `limited`) exceed `maximumElementCount`.
    /// - Throws: `.value` for a negative dimension, `.memory` when too large.
    public static func elementCount(of shape: [Int], limited: Bool = true) throws -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw NDArrayError(.value, "negative dimensions are not allowed") }
        if shape.contains(0) { return 0 }
        var size = 1
        for d in shape {
            let (product, overflow) = size.multipliedReportingOverflow(by: d)
            guard !overflow, !limited || product <= maximumElementCount else {
                throw NDArrayError(.memory, "Unable to allocate an array with shape \(describe(shape: shape))")
            }
            size = product
        }
        return size
    }

    /// Row-major strides in elements.
    public static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// Python's tuple form of a shape: `(3,)`, `(2, 3)`, `()`.
    public static func describe(shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The element at flat (row-major) position `index`; callers check the bound.
    public func scalar(at index: Int) -> NDArrayScalar {
        switch storage {
        case .float64(let a): return .float64(a[index])
        case .float32(let a): return .float32(a[index])
        case .int64(let a): return .int64(a[index])
        case .bool(let a): return .bool(a[index])
        case .string(let a): return .string(a[index])
        }
    }

    /// All elements in row-major order.
    public var scalars: [NDArrayScalar] { (0..<count).map { scalar(at: $0) } }

    // MARK: Conversions of the buffer

    /// The elements converted to Double (bool → 0/1).
    /// - Throws: `.type`/`.value` for str arrays whose elements are not numbers.
    public func doubles() throws -> [Double] {
        switch storage {
        case .float64(let a): return a
        case .float32(let a): return a.map(Double.init)
        case .int64(let a): return a.map(Double.init)
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string(let a):
            return try a.map { s in
                guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                    throw NDArrayError(.value, "could not convert string to float: '\(s)'")
                }
                return d
            }
        }
    }

    /// The elements converted to Float.
    public func floats() throws -> [Float] {
        if case .float32(let a) = storage { return a }
        return try doubles().map(Float.init)
    }

    /// The elements converted to Int (floats truncate toward zero, as numpy's `astype(int)`).
    /// - Throws: `.value` for NaN/inf or unparsable strings.
    public func ints() throws -> [Int] {
        switch storage {
        case .int64(let a): return a
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .string(let a):
            return try a.map { s in
                guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else {
                    throw NDArrayError(.value, "invalid literal for int() with base 10: '\(s)'")
                }
                return i
            }
        default:
            return try doubles().map { d in
                guard d.isFinite, abs(d) < 9.2e18 else {
                    throw NDArrayError(.value, "cannot convert float \(d.isNaN ? "NaN" : "infinity") to integer")
                }
                return Int(d)
            }
        }
    }

    /// The elements as truth values (numbers: non-zero; strings: non-empty).
    public func bools() -> [Bool] {
        switch storage {
        case .bool(let a): return a
        case .float64(let a): return a.map { $0 != 0 }
        case .float32(let a): return a.map { $0 != 0 }
        case .int64(let a): return a.map { $0 != 0 }
        case .string(let a): return a.map { !$0.isEmpty }
        }
    }

    /// The elements as strings, as `astype(str)` writes them.
    public func strings() -> [String] {
        switch storage {
        case .string(let a): return a
        case .bool(let a): return a.map { $0 ? "True" : "False" }
        case .int64(let a): return a.map(String.init)
        case .float64(let a): return a.map { NDArrayFormatter.pythonRepr($0) }
        case .float32(let a): return a.map { NDArrayFormatter.shortest(Float($0)) }
        }
    }

    /// numpy's `astype(dtype)`: a converted copy.
    /// - Throws: `.value` when str elements do not parse, or NaN/inf becomes int.
    public func converted(to dtype: NDArrayDType) throws -> NDArray {
        if dtype == self.dtype { return self }
        let converted: NDArrayStorage
        switch dtype {
        case .float64: converted = .float64(try doubles())
        case .float32: converted = .float32(try floats())
        case .int64: converted = .int64(try ints())
        case .bool: converted = .bool(bools())
        case .string: converted = .string(strings())
        }
        return NDArray(uncheckedShape: shape, converted)
    }

    // MARK: Creation

    /// `numpy.zeros(shape, dtype)`.
    /// - Throws: `.value` for a negative dimension, `.memory` when too large.
    public static func zeros(shape: [Int], dtype: NDArrayDType = .float64) throws -> NDArray {
        try full(shape: shape, value: .int64(0), dtype: dtype)
    }

    /// `numpy.ones(shape, dtype)`.
    public static func ones(shape: [Int], dtype: NDArrayDType = .float64) throws -> NDArray {
        try full(shape: shape, value: .int64(1), dtype: dtype)
    }

    /// Elements are checked against this many before allocating (1 GiB of float64); larger
    /// requests fail as `MemoryError` instead of trapping.
    public static var maximumElementCount = 1 << 27

    /// `numpy.full(shape, value, dtype)`.
    /// - Throws: `.value` for a negative dimension, `.memory` beyond `maximumElementCount`.
    public static func full(shape: [Int], value: NDArrayScalar, dtype: NDArrayDType) throws -> NDArray {
        let size = try elementCount(of: shape)
        let storage: NDArrayStorage
        switch dtype {
        case .float64: storage = .float64(Array(repeating: value.doubleValue, count: size))
        case .float32: storage = .float32(Array(repeating: Float(value.doubleValue), count: size))
        case .int64:
            let d = value.doubleValue
            guard d.isFinite, Swift.abs(d) < 9.2e18 else { throw NDArrayError(.value, "cannot convert float \(d.isNaN ? "NaN" : "infinity") to integer") }
            storage = .int64(Array(repeating: Int(d), count: size))
        case .bool: storage = .bool(Array(repeating: value.doubleValue != 0, count: size))
        case .string:
            let text: String
            if case .string(let s) = value { text = s } else { text = NDArray(scalar: value).strings()[0] }
            storage = .string(Array(repeating: text, count: size))
        }
        return NDArray(uncheckedShape: shape, storage)
    }

    /// `numpy.arange(start, stop, step)`: int64 when all three are integers, else float64
    /// (`start + i * step`, length `ceil((stop - start) / step)`).
    /// - Throws: `.value` for a zero step (numpy: `ZeroDivisionError`, reported as `.value` here).
    public static func arange(start: Double, stop: Double, step: Double, integer: Bool) throws -> NDArray {
        guard step != 0 else { throw NDArrayError(.value, "Maximum allowed size exceeded") }
        let span = ((stop - start) / step).rounded(.up)
        guard !span.isNaN else { throw NDArrayError(.value, "arange: cannot compute length") }
        guard span <= Double(maximumElementCount) else { throw NDArrayError(.memory, "Maximum allowed size exceeded") }
        let length = Swift.max(0, Int(Swift.max(span, -1)))
        if integer {
            let s = Int(start), st = Int(step)
            return NDArray((0..<length).map { s + $0 * st })
        }
        return NDArray((0..<length).map { start + Double($0) * step })
    }

    /// `numpy.linspace(start, stop, num, endpoint)`: float64, computed as numpy does
    /// (`arange(num) * step + start`, last element set to `stop` exactly).
    /// - Throws: `.value` when `num < 0`.
    public static func linspace(start: Double, stop: Double, count: Int, endpoint: Bool = true) throws -> NDArray {
        guard count >= 0 else { throw NDArrayError(.value, "Number of samples, \(count), must be non-negative.") }
        guard count <= maximumElementCount else { throw NDArrayError(.memory, "Maximum allowed size exceeded") }
        let divisions = endpoint ? count - 1 : count
        let delta = stop - start
        var values = [Double](repeating: 0, count: count)
        if divisions > 0 {
            let step = delta / Double(divisions)
            for i in 0..<count {
                values[i] = step == 0 ? Double(i) / Double(divisions) * delta + start : Double(i) * step + start
            }
        } else {
            for i in 0..<count { values[i] = Double(i) * delta + start }
        }
        if endpoint && count > 1 { values[count - 1] = stop }
        return NDArray(values)
    }

    // MARK: Shape manipulation

    /// numpy's `reshape`; one dimension may be -1 (inferred).
    /// - Throws: `.value` when the sizes disagree (numpy's message).
    public func reshaped(_ newShape: [Int]) throws -> NDArray {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1 else { throw NDArrayError(.value, "can only specify one unknown dimension") }
        if let u = unknown.first {
            let known = try NDArray.elementCount(of: target.enumerated().filter { $0.offset != u }.map(\.element), limited: false)
            guard known > 0, count % known == 0 else {
                throw NDArrayError(.value, "cannot reshape array of size \(count) into shape \(NDArray.describe(shape: newShape))")
            }
            target[u] = count / known
        }
        return try NDArray(shape: target, storage: storage)
    }

    /// A 1-D copy (`flatten` / `ravel`).
    public var flattened: NDArray { NDArray(uncheckedShape: [count], storage) }

    /// Axes reversed (`.T`), or permuted by `axes`.
    /// - Throws: `.value` when `axes` is not a permutation of the dimensions.
    public func transposed(_ axes: [Int]? = nil) throws -> NDArray {
        let order = axes ?? Array((0..<rank).reversed())
        guard order.count == rank, Set(order) == Set(0..<rank) else { throw NDArrayError(.value, "axes don't match array") }
        if rank < 2 { return self }
        let newShape = order.map { shape[$0] }
        let oldStrides = NDArray.strides(of: shape)
        let offsets = NDArray.offsets(shape: newShape, strides: order.map { oldStrides[$0] })
        return gathered(offsets, shape: newShape)
    }

    /// Flat source offsets for iterating `shape` in row-major order with the given strides.
    static func offsets(shape: [Int], strides: [Int], base: Int = 0) -> [Int] {
        var result = [base]
        for (dim, stride) in zip(shape, strides) {
            var next = [Int]()
            next.reserveCapacity(result.count * dim)
            for r in result { for i in 0..<dim { next.append(r + i * stride) } }
            result = next
        }
        return result
    }

    /// Elements at flat `offsets`, as an array of `shape`.
    func gathered(_ offsets: [Int], shape: [Int]) -> NDArray {
        switch storage {
        case .float64(let a): return NDArray(uncheckedShape: shape, .float64(offsets.map { a[$0] }))
        case .float32(let a): return NDArray(uncheckedShape: shape, .float32(offsets.map { a[$0] }))
        case .int64(let a): return NDArray(uncheckedShape: shape, .int64(offsets.map { a[$0] }))
        case .bool(let a): return NDArray(uncheckedShape: shape, .bool(offsets.map { a[$0] }))
        case .string(let a): return NDArray(uncheckedShape: shape, .string(offsets.map { a[$0] }))
        }
    }

    /// The elements at flat (row-major) `positions` as a 1-D array; callers pass positions
    /// within `0..<count` (frames use it to take rows).
    public func taking(_ positions: [Int]) -> NDArray {
        gathered(positions, shape: [positions.count])
    }

    /// Writes `values` (same dtype, one per offset) to flat `offsets`.
    mutating func scatter(_ values: NDArrayStorage, to offsets: [Int]) {
        switch (storage, values) {
        case (.float64(var a), .float64(let v)):
            storage = .float64([]); for (o, x) in zip(offsets, v) { a[o] = x }; storage = .float64(a)
        case (.float32(var a), .float32(let v)):
            storage = .float32([]); for (o, x) in zip(offsets, v) { a[o] = x }; storage = .float32(a)
        case (.int64(var a), .int64(let v)):
            storage = .int64([]); for (o, x) in zip(offsets, v) { a[o] = x }; storage = .int64(a)
        case (.bool(var a), .bool(let v)):
            storage = .bool([]); for (o, x) in zip(offsets, v) { a[o] = x }; storage = .bool(a)
        case (.string(var a), .string(let v)):
            storage = .string([]); for (o, x) in zip(offsets, v) { a[o] = x }; storage = .string(a)
        default: break
        }
    }

    /// Replaces the whole buffer (same count) — used by in-place operations.
    mutating func replaceStorage(_ newStorage: NDArrayStorage) {
        storage = newStorage
    }
}
