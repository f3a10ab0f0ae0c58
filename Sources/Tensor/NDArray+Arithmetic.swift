import Foundation

/// Elementwise binary operations of `NDArray`, named after numpy's ufuncs.
public enum NDArrayOperation: Equatable {
    case add, subtract, multiply, trueDivide, floorDivide, remainder, power
    case bitwiseAnd, bitwiseOr, bitwiseXor

    /// numpy's ufunc name, for messages.
    public var ufuncName: String {
        switch self {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .trueDivide: return "divide"
        case .floorDivide: return "floor_divide"
        case .remainder: return "remainder"
        case .power: return "power"
        case .bitwiseAnd: return "bitwise_and"
        case .bitwiseOr: return "bitwise_or"
        case .bitwiseXor: return "bitwise_xor"
        }
    }
}

/// Elementwise comparisons; results are bool arrays.
public enum NDArrayComparison: Equatable {
    case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual
}

/// Floating types the kernels are generic over (Double for float64, Float for float32).
protocol NDArrayFloat: BinaryFloatingPoint {
    static func fmod(_ a: Self, _ b: Self) -> Self
    static func pow(_ a: Self, _ b: Self) -> Self
    static func exp(_ a: Self) -> Self
    static func log(_ a: Self) -> Self
}

extension Double: NDArrayFloat {
    static func fmod(_ a: Double, _ b: Double) -> Double { Foundation.fmod(a, b) }
    static func pow(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
    static func exp(_ a: Double) -> Double { Foundation.exp(a) }
    static func log(_ a: Double) -> Double { Foundation.log(a) }
}

extension Float: NDArrayFloat {
    static func fmod(_ a: Float, _ b: Float) -> Float { Foundation.fmodf(a, b) }
    static func pow(_ a: Float, _ b: Float) -> Float { Foundation.powf(a, b) }
    static func exp(_ a: Float) -> Float { Foundation.expf(a) }
    static func log(_ a: Float) -> Float { Foundation.logf(a) }
}

extension NDArray {
    // MARK: Broadcasting

    /// numpy's broadcast of two shapes.
    /// - Throws: `.value` "operands could not be broadcast together with shapes (2,3) (4,)".
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let n = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard x == y || x == 1 || y == 1 else {
                let fa = "(" + a.map(String.init).joined(separator: ",") + (a.count == 1 ? ",)" : ")")
                let fb = "(" + b.map(String.init).joined(separator: ",") + (b.count == 1 ? ",)" : ")")
                throw NDArrayError(.value, "operands could not be broadcast together with shapes \(fa) \(fb) ")
            }
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// For each element of `target` (row-major), the flat index of the `shape` element that
    /// broadcasting maps to it.
    static func broadcastOffsets(from shape: [Int], to target: [Int]) -> [Int] {
        let lead = target.count - shape.count
        let own = strides(of: shape)
        let strides = target.indices.map { i -> Int in
            i < lead || shape[i - lead] == 1 ? 0 : own[i - lead]
        }
        return offsets(shape: target, strides: strides)
    }

    /// This array broadcast to `target` (a copy).
    /// - Throws: `.value` when the shapes are incompatible.
    public func broadcast(to target: [Int]) throws -> NDArray {
        let common = try NDArray.broadcastShape(shape, target)
        guard common == target else {
            throw NDArrayError(.value, "could not broadcast input array from shape \(NDArray.describe(shape: shape)) into shape \(NDArray.describe(shape: target))")
        }
        if shape == target { return self }
        return gathered(NDArray.broadcastOffsets(from: shape, to: target), shape: target)
    }

    /// Applies `f` elementwise over two broadcast buffers.
    static func combine<A, B, R>(_ a: [A], _ aShape: [Int], _ b: [B], _ bShape: [Int],
                                 _ f: (A, B) -> R) throws -> ([R], [Int]) {
        if aShape == bShape {
            var out = [R](); out.reserveCapacity(a.count)
            for i in 0..<a.count { out.append(f(a[i], b[i])) }
            return (out, aShape)
        }
        let shape = try broadcastShape(aShape, bShape)
        if b.count == 1, shape == aShape { let y = b[0]; return (a.map { f($0, y) }, shape) }
        if a.count == 1, shape == bShape { let x = a[0]; return (b.map { f(x, $0) }, shape) }
        let ia = broadcastOffsets(from: aShape, to: shape), ib = broadcastOffsets(from: bShape, to: shape)
        var out = [R](); out.reserveCapacity(ia.count)
        for k in 0..<ia.count { out.append(f(a[ia[k]], b[ib[k]])) }
        return (out, shape)
    }

    // MARK: Type promotion

    private static func category(_ t: NDArrayDType) -> Int {
        switch t {
        case .bool: return 0
        case .int64: return 1
        case .float32, .float64: return 2
        case .string: return 3
        }
    }

    /// numpy 1.x's result type of a binary operation. A Python scalar operand (`…IsPythonScalar`)
    /// is "weak": it only raises the category (bool < int < float), so float32 op 2.5 stays
    /// float32 and int64 op 2.5 becomes float64.
    public static func resultType(_ a: NDArrayDType, isPythonScalar aWeak: Bool = false,
                                  _ b: NDArrayDType, isPythonScalar bWeak: Bool = false) -> NDArrayDType {
        if a == .string || b == .string { return .string }
        if aWeak != bWeak {
            let (strong, weak) = aWeak ? (b, a) : (a, b)
            if category(weak) <= category(strong) { return strong }
            return weak == .int64 ? .int64 : .float64
        }
        if a == b { return a }
        if category(a) == category(b) { return .float64 }  // float32 with float64
        let (low, high) = category(a) < category(b) ? (a, b) : (b, a)
        if high == .float32 && low == .int64 { return .float64 }
        return high
    }

    // MARK: Binary arithmetic

    /// `lhs op rhs` with broadcasting and numpy's promotion. Mark an operand that came from a
    /// Python int/float/bool with `…IsPythonScalar` (see `resultType`).
    ///
    /// int/int true division gives float64; integer division or remainder by zero gives 0 (numpy
    /// warns); floats follow IEEE (inf, nan) and Python's floor/modulo sign rules.
    /// - Throws: `.value` for incompatible shapes or negative integer powers, `.type` for str
    ///   operands or bool subtraction.
    public static func apply(_ op: NDArrayOperation, _ lhs: NDArray, _ rhs: NDArray,
                             lhsIsPythonScalar: Bool = false, rhsIsPythonScalar: Bool = false) throws -> NDArray {
        var type = resultType(lhs.dtype, isPythonScalar: lhsIsPythonScalar, rhs.dtype, isPythonScalar: rhsIsPythonScalar)
        if type == .string {
            throw NDArrayError(.type, "ufunc '\(op.ufuncName)' did not contain a loop with signature matching types (dtype('\(lhs.dtypeDescription)'), dtype('\(rhs.dtypeDescription)')) -> None")
        }
        switch op {
        case .bitwiseAnd, .bitwiseOr, .bitwiseXor:
            if type.isFloatingPoint {
                throw NDArrayError(.type, "ufunc '\(op.ufuncName)' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
            }
            if type == .bool {
                let (r, s) = try combine(lhs.bools(), lhs.shape, rhs.bools(), rhs.shape) { (x: Bool, y: Bool) -> Bool in
                    op == .bitwiseAnd ? (x && y) : op == .bitwiseOr ? (x || y) : (x != y)
                }
                return NDArray(uncheckedShape: s, .bool(r))
            }
            let (r, s) = try combine(lhs.ints(), lhs.shape, rhs.ints(), rhs.shape) { (x: Int, y: Int) -> Int in
                op == .bitwiseAnd ? (x & y) : op == .bitwiseOr ? (x | y) : (x ^ y)
            }
            return NDArray(uncheckedShape: s, .int64(r))
        case .trueDivide:
            if !type.isFloatingPoint { type = .float64 }
        case .subtract where type == .bool:
            throw NDArrayError(.type, "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
        case .add where type == .bool, .multiply where type == .bool:
            let (r, s) = try combine(lhs.bools(), lhs.shape, rhs.bools(), rhs.shape) { (x: Bool, y: Bool) -> Bool in
                op == .add ? (x || y) : (x && y)
            }
            return NDArray(uncheckedShape: s, .bool(r))
        default:
            if type == .bool { type = .int64 }
        }
        switch type {
        case .float64:
            let f: (Double, Double) -> Double = floatKernel(op)
            let (r, s) = try combine(lhs.doubles(), lhs.shape, rhs.doubles(), rhs.shape, f)
            return NDArray(uncheckedShape: s, .float64(r))
        case .float32:
            let f: (Float, Float) -> Float = floatKernel(op)
            let (r, s) = try combine(lhs.floats(), lhs.shape, rhs.floats(), rhs.shape, f)
            return NDArray(uncheckedShape: s, .float32(r))
        default:
            let a = try lhs.ints(), b = try rhs.ints()
            if op == .power, b.contains(where: { $0 < 0 }) {
                throw NDArrayError(.value, "Integers to negative integer powers are not allowed.")
            }
            let (r, s) = try combine(a, lhs.shape, b, rhs.shape, integerKernel(op))
            return NDArray(uncheckedShape: s, .int64(r))
        }
    }

    static func floatKernel<F: NDArrayFloat>(_ op: NDArrayOperation) -> (F, F) -> F {
        switch op {
        case .add: return { $0 + $1 }
        case .subtract: return { $0 - $1 }
        case .multiply: return { $0 * $1 }
        case .trueDivide: return { $0 / $1 }
        case .power: return { F.pow($0, $1) }
        case .floorDivide: return { a, b in floorDivide(a, b) }
        case .remainder: return { a, b in
            if b == 0 { return F.fmod(a, b) }
            var mod = F.fmod(a, b)
            if mod != 0 { if (b < 0) != (mod < 0) { mod += b } } else { mod = b < 0 ? -0.0 : 0.0 }
            return mod
        }
        default: return { _, _ in F.nan }
        }
    }

    /// numpy's `npy_floor_divide` (via divmod) for floats.
    static func floorDivide<F: NDArrayFloat>(_ a: F, _ b: F) -> F {
        if b == 0 { return a / b }
        let mod = F.fmod(a, b)
        var div = (a - mod) / b
        if mod != 0, (b < 0) != (mod < 0) { div -= 1 }
        if div != 0 {
            var floored = div.rounded(.down)
            if div - floored > 0.5 { floored += 1 }
            return floored
        }
        return (a / b) < 0 ? -0.0 : 0.0
    }

    static func integerKernel(_ op: NDArrayOperation) -> (Int, Int) -> Int {
        switch op {
        case .add: return { $0 &+ $1 }
        case .subtract: return { $0 &- $1 }
        case .multiply: return { $0 &* $1 }
        case .floorDivide: return { a, b in
            if b == 0 { return 0 }
            if b == -1 { return 0 &- a }
            let q = a / b
            return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
        }
        case .remainder: return { a, b in
            if b == 0 || b == -1 { return 0 }
            let r = a % b
            return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
        }
        case .power: return { base, exponent in
            var result = 1, b = base, e = exponent
            while e > 0 {
                if e & 1 == 1 { result = result &* b }
                b = b &* b
                e >>= 1
            }
            return result
        }
        default: return { _, _ in 0 }
        }
    }

    // MARK: Comparisons

    /// `lhs op rhs` elementwise → bool array, with broadcasting; numbers compare after promotion
    /// (float32 against a Python float compares in float32, as numpy 1.x does); strings compare
    /// by code points; a str against a number is unequal everywhere.
    /// - Throws: `.value` for incompatible shapes, `.type` ordering a str against a number.
    public static func compare(_ op: NDArrayComparison, _ lhs: NDArray, _ rhs: NDArray,
                               lhsIsPythonScalar: Bool = false, rhsIsPythonScalar: Bool = false) throws -> NDArray {
        func test<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch op {
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            case .notEqual: return a != b
            }
        }
        let l = lhs.dtype, r = rhs.dtype
        if l == .string || r == .string {
            guard l == r else {
                if op == .equal || op == .notEqual {
                    let shape = try broadcastShape(lhs.shape, rhs.shape)
                    return try full(shape: shape, value: .bool(op == .notEqual), dtype: .bool)
                }
                throw NDArrayError(.type, "'\(symbol(op))' not supported between instances of 'str' and a number")
            }
            let (res, s) = try combine(lhs.strings(), lhs.shape, rhs.strings(), rhs.shape) { (a: String, b: String) -> Bool in
                test(Array(a.unicodeScalars.map(\.value)).lexicographicalKey, Array(b.unicodeScalars.map(\.value)).lexicographicalKey)
            }
            return NDArray(uncheckedShape: s, .bool(res))
        }
        let type = resultType(l, isPythonScalar: lhsIsPythonScalar, r, isPythonScalar: rhsIsPythonScalar)
        switch type {
        case .float32:
            let (res, s) = try combine(lhs.floats(), lhs.shape, rhs.floats(), rhs.shape) { (a: Float, b: Float) in test(a, b) }
            return NDArray(uncheckedShape: s, .bool(res))
        case .float64:
            let (res, s) = try combine(lhs.doubles(), lhs.shape, rhs.doubles(), rhs.shape) { (a: Double, b: Double) in test(a, b) }
            return NDArray(uncheckedShape: s, .bool(res))
        default:
            let (res, s) = try combine(lhs.ints(), lhs.shape, rhs.ints(), rhs.shape) { (a: Int, b: Int) in test(a, b) }
            return NDArray(uncheckedShape: s, .bool(res))
        }
    }

    private static func symbol(_ op: NDArrayComparison) -> String {
        switch op {
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        case .equal: return "=="
        case .notEqual: return "!="
        }
    }

    // MARK: Unary

    /// `-a` (bool arrays: numpy's TypeError).
    public func negated() throws -> NDArray {
        switch storage {
        case .float64(let a): return NDArray(uncheckedShape: shape, .float64(a.map { -$0 }))
        case .float32(let a): return NDArray(uncheckedShape: shape, .float32(a.map { -$0 }))
        case .int64(let a): return NDArray(uncheckedShape: shape, .int64(a.map { 0 &- $0 }))
        case .bool:
            throw NDArrayError(.type, "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.")
        case .string: throw NDArrayError(.type, "ufunc 'negative' did not contain a loop with signature matching types")
        }
    }

    /// `~a`: logical not for bool, bitwise not for int.
    public func inverted() throws -> NDArray {
        switch storage {
        case .bool(let a): return NDArray(uncheckedShape: shape, .bool(a.map { !$0 }))
        case .int64(let a): return NDArray(uncheckedShape: shape, .int64(a.map { ~$0 }))
        default: throw NDArrayError(.type, "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
        }
    }

    /// `numpy.abs`.
    public func absolute() throws -> NDArray {
        switch storage {
        case .float64(let a): return NDArray(uncheckedShape: shape, .float64(a.map { Swift.abs($0) }))
        case .float32(let a): return NDArray(uncheckedShape: shape, .float32(a.map { Swift.abs($0) }))
        case .int64(let a): return NDArray(uncheckedShape: shape, .int64(a.map { $0 < 0 ? 0 &- $0 : $0 }))
        case .bool: return self
        case .string: throw NDArrayError(.type, "bad operand type for abs(): 'numpy.ndarray' of str")
        }
    }

    /// A float ufunc (`sqrt`, `exp`, `log`): float32 stays float32, everything else → float64.
    public func mapFloating(_ name: String, _ f64: (Double) -> Double, _ f32: (Float) -> Float) throws -> NDArray {
        switch storage {
        case .float32(let a): return NDArray(uncheckedShape: shape, .float32(a.map(f32)))
        case .string: throw NDArrayError(.type, "ufunc '\(name)' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
        default: return NDArray(uncheckedShape: shape, .float64(try doubles().map(f64)))
        }
    }

    /// `numpy.sqrt` (negative → nan).
    public func squareRoot() throws -> NDArray { try mapFloating("sqrt", { $0.squareRoot() }, { $0.squareRoot() }) }
    /// `numpy.exp`.
    public func exponential() throws -> NDArray { try mapFloating("exp", Foundation.exp, Foundation.expf) }
    /// `numpy.log` (natural; 0 → -inf, negative → nan).
    public func logarithm() throws -> NDArray { try mapFloating("log", Foundation.log, Foundation.logf) }

    /// `numpy.round(a, decimals)`: half to even, computed as numpy does (`rint(a * 10**d) / 10**d`).
    public func rounded(decimals: Int = 0) throws -> NDArray {
        switch storage {
        case .int64, .bool:
            if decimals >= 0 { return self }
            let scale = Foundation.pow(10.0, Double(-decimals))
            return NDArray(uncheckedShape: shape, .int64(try doubles().map { d in
                let r = (d / scale).rounded(.toNearestOrEven) * scale
                return r.isFinite && Swift.abs(r) < 9.2e18 ? Int(r) : 0
            }))
        case .float32(let a):
            let scale = Float(Foundation.pow(10.0, Double(Swift.abs(decimals))))
            return NDArray(uncheckedShape: shape, .float32(a.map {
                decimals >= 0 ? ($0 * scale).rounded(.toNearestOrEven) / scale : ($0 / scale).rounded(.toNearestOrEven) * scale
            }))
        case .float64(let a):
            let scale = Foundation.pow(10.0, Double(Swift.abs(decimals)))
            return NDArray(uncheckedShape: shape, .float64(a.map {
                decimals >= 0 ? ($0 * scale).rounded(.toNearestOrEven) / scale : ($0 / scale).rounded(.toNearestOrEven) * scale
            }))
        case .string: throw NDArrayError(.type, "ufunc 'round' not supported for str arrays")
        }
    }

    /// `numpy.clip(a, low, high)`; either bound may be nil. Ints clipped by float bounds become float64.
    public func clipped(low: NDArray?, high: NDArray?, boundsArePythonScalars: Bool = true) throws -> NDArray {
        var result = self
        if let low = low {
            let take = try NDArray.compare(.less, result, low, rhsIsPythonScalar: boundsArePythonScalars)
            result = try NDArray.select(take, low, result, xIsPythonScalar: boundsArePythonScalars)
        }
        if let high = high {
            let take = try NDArray.compare(.greater, result, high, rhsIsPythonScalar: boundsArePythonScalars)
            result = try NDArray.select(take, high, result, xIsPythonScalar: boundsArePythonScalars)
        }
        return result
    }

    /// `numpy.where(condition, x, y)` with broadcasting and promotion.
    /// - Throws: `.value` for incompatible shapes.
    public static func select(_ condition: NDArray, _ x: NDArray, _ y: NDArray,
                              xIsPythonScalar: Bool = false, yIsPythonScalar: Bool = false) throws -> NDArray {
        let type = resultType(x.dtype, isPythonScalar: xIsPythonScalar, y.dtype, isPythonScalar: yIsPythonScalar)
        let shape = try broadcastShape(broadcastShape(condition.shape, x.shape), y.shape)
        let c = try condition.broadcast(to: shape).bools()
        let xs = try x.converted(to: type).broadcast(to: shape), ys = try y.converted(to: type).broadcast(to: shape)
        var result = ys
        let positions = c.indices.filter { c[$0] }
        result.scatter(xs.gathered(positions, shape: [positions.count]).storage, to: positions)
        return result
    }
}

private extension Array where Element == UInt32 {
    /// Wrapper making code-point arrays Comparable lexicographically.
    var lexicographicalKey: CodePoints { CodePoints(values: self) }
}

struct CodePoints: Comparable {
    let values: [UInt32]
    static func < (a: CodePoints, b: CodePoints) -> Bool { a.values.lexicographicallyPrecedes(b.values) }
}
