import Frames
import Script
import Tensor

/// numpy's `ndarray` as a script object, wrapping a Swift `NDArray`.
///
/// Example (script): `a = numpy.array([1, 2, 3]); a[1:] * 2.5  # array([5. , 7.5])`
public final class NDArrayObject: ScriptObject {
    /// The wrapped array; item assignment mutates it in place.
    public var array: NDArray

    public init(_ array: NDArray) { self.array = array }

    /// An array from a script value: an ndarray (the same data), a pandas Series (its values),
    /// a Python scalar (0-d), or nested lists/tuples (numpy's `array()` inference: any str →
    /// str; else any float → float64; else any int → int64; all bools → bool).
    /// - Throws: `ValueError` for ragged nesting, `TypeError` for values with no array form.
    public static func from(_ value: Value) throws -> NDArray {
        switch value {
        case .object(let o as NDArrayObject): return o.array
        case .object(let o as SeriesObject): return o.series.values
        case .object(let o as PandasIndexObject): return o.labels
        case .int(let i): return NDArray(scalar: .int64(i))
        case .float(let d): return NDArray(scalar: .float64(d))
        case .bool(let b): return NDArray(scalar: .bool(b))
        case .str(let s): return NDArray(scalar: .string(s))
        case .list(let l): return try fromSequence(l.items)
        case .tuple(let items): return try fromSequence(items)
        case .none: return NDArray(scalar: .float64(.nan))
        case .object(let o as DataFrameObject):
            guard !o.frame.columns.isEmpty else { return try NumpyBridge.guarded { try NDArray.zeros(shape: [o.frame.rowCount, 0]) } }
            return try NumpyBridge.guarded { try NDArray.stack(o.frame.columns, axis: 1) }
        case .object(let o):
            // range, generators, dict views…: whatever iterates.
            if let items = try o.iterate(interpreter: conversionInterpreter) { return try fromSequence(items) }
            throw ScriptError(.typeError, "cannot convert '\(o.typeName)' object to an array")
        default:
            throw ScriptError(.typeError, "cannot convert '\(value.typeName)' object to an array")
        }
    }

    private static func fromSequence(_ items: [Value]) throws -> NDArray {
        var shape: [Int]? = nil
        var parts: [NDArray] = []
        for item in items {
            let part = try from(item)
            if let s = shape, s != part.shape {
                throw ScriptError(.valueError, "setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (\(items.count),) + inhomogeneous part.")
            }
            shape = part.shape
            parts.append(part)
        }
        let inner = shape ?? []
        var type: NDArrayDType = items.isEmpty ? .float64 : .bool
        for p in parts {
            switch (type, p.dtype) {
            case (_, .string), (.string, _): type = .string
            case (_, .float64), (.float64, _): type = .float64
            case (.float32, .int64), (.int64, .float32): type = .float64
            case (_, .float32): type = .float32
            case (_, .int64): type = type == .float32 ? .float32 : .int64
            default: break
            }
        }
        let flat = try NumpyBridge.guarded { () -> NDArrayStorage in
            switch type {
            case .float64: return .float64(try parts.flatMap { try $0.doubles() })
            case .float32: return .float32(try parts.flatMap { try $0.floats() })
            case .int64: return .int64(try parts.flatMap { try $0.ints() })
            case .bool: return .bool(parts.flatMap { $0.bools() })
            case .string: return .string(parts.flatMap { $0.strings() })
            }
        }
        return try NumpyBridge.guarded { try NDArray(shape: [items.count] + inner, storage: flat) }
    }

    public var typeName: String { "ndarray" }
    public var hashKey: HashKey? { nil }
    public func repr() -> String { NDArrayFormatter.repr(array) }
    public func str() -> String { NDArrayFormatter.str(array) }
    public var documentation: String? {
        "ndarray(shape, dtype=float)\n\nAn N-dimensional array (numpy 1.x semantics): float64, float32, int64, bool or str elements.\n\nExample: a = numpy.zeros((2, 3)); a.shape  # (2, 3)"
    }

    public var attributeNames: [String] {
        ["shape", "dtype", "size", "ndim", "T", "reshape", "astype", "copy", "tolist", "mean", "sum", "min", "max",
         "std", "var", "argmax", "argmin", "dot", "flatten", "ravel", "transpose", "item", "argsort", "sort",
         "clip", "round", "any", "all", "fill", "nonzero"]
    }

    private func method(_ name: String, _ parameters: [String], required: Int = 0,
                        _ body: @escaping (BoundArguments) throws -> Value) -> Value {
        .object(BuiltinFunction(name) { args, _ in
            try NumpyBridge.guarded { try body(try args.bind(name, parameters, required: required)) }
        })
    }

    private func reduction(_ name: String, _ f: @escaping (NDArray, Int?) throws -> NDArray) -> Value {
        method(name, ["axis"]) { [array] b in NumpyBridge.wrap(try f(array, try NumpyBridge.axis(b["axis"]))) }
    }

    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        let array = self.array
        switch name {
        case "shape": return NumpyBridge.tuple(array.shape)
        case "dtype": return .object(NumpyDTypeObject(array.dtype, name: array.dtype == .string ? array.dtypeDescription : nil))
        case "size": return .int(array.count)
        case "ndim": return .int(array.rank)
        case "T": return .object(NDArrayObject(try NumpyBridge.guarded { try array.transposed() }))
        case "reshape":
            return .object(BuiltinFunction("reshape") { args, _ in
                var dims: [Int] = []
                if args.positional.count == 1 { dims = try NumpyBridge.shape(args.positional[0]) } else {
                    dims = try args.positional.map { try NumpyBridge.integer($0, "shape") }
                }
                if let shape = args.keywords.first(where: { $0.name == "shape" || $0.name == "newshape" }) {
                    dims = try NumpyBridge.shape(shape.value)
                }
                return .object(NDArrayObject(try NumpyBridge.guarded { try array.reshaped(dims) }))
            })
        case "astype":
            return method("astype", ["dtype", "copy"], required: 1) { b in
                .object(NDArrayObject(try array.converted(to: try NumpyBridge.dtype(b["dtype"] ?? .none))))
            }
        case "copy": return method("copy", []) { _ in .object(NDArrayObject(array)) }
        case "tolist": return method("tolist", []) { _ in NumpyBridge.list(array) }
        case "item":
            return method("item", ["index"]) { b in
                guard let i = b.optional("index") else {
                    guard array.count == 1 else { throw ScriptError(.valueError, "can only convert an array of size 1 to a Python scalar") }
                    return NumpyBridge.value(array.scalar(at: 0))
                }
                let k = try NumpyBridge.integer(i, "index")
                return NumpyBridge.value(try array.flattened.element(at: [k]))
            }
        case "mean": return reduction("mean") { try $0.mean(axis: $1) }
        case "sum": return reduction("sum") { try $0.sum(axis: $1) }
        case "min": return reduction("min") { try $0.min(axis: $1) }
        case "max": return reduction("max") { try $0.max(axis: $1) }
        case "argmax": return reduction("argmax") { try $0.argmax(axis: $1) }
        case "argmin": return reduction("argmin") { try $0.argmin(axis: $1) }
        case "any": return reduction("any") { a, axis in try a.converted(to: .int64).max(axis: axis).converted(to: .bool) }
        case "all": return reduction("all") { a, axis in try a.converted(to: .bool).converted(to: .int64).min(axis: axis).converted(to: .bool) }
        case "std", "var":
            return method(name, ["axis", "dtype", "out", "ddof"]) { b in
                let axis = try NumpyBridge.axis(b["axis"])
                let ddof = try b.optional("ddof").map { try NumpyBridge.integer($0, "ddof") } ?? 0
                return NumpyBridge.wrap(name == "std" ? try array.standardDeviation(axis: axis, ddof: ddof) : try array.variance(axis: axis, ddof: ddof))
            }
        case "dot":
            return method("dot", ["b"], required: 1) { b in NumpyBridge.wrap(try NDArray.dot(array, try NDArrayObject.from(b["b"] ?? .none))) }
        case "flatten", "ravel": return method(name, []) { _ in .object(NDArrayObject(array.flattened)) }
        case "transpose":
            return .object(BuiltinFunction("transpose") { args, _ in
                let axes: [Int]? = args.positional.isEmpty ? nil
                    : (args.positional.count == 1 ? try NumpyBridge.shape(args.positional[0]) : try args.positional.map { try NumpyBridge.integer($0, "axes") })
                return .object(NDArrayObject(try NumpyBridge.guarded { try array.transposed(axes) }))
            })
        case "argsort":
            return method("argsort", ["axis", "kind"]) { b in
                .object(NDArrayObject(try array.argsorted(axis: b["axis"].map { try NumpyBridge.axis($0) } ?? -1)))
            }
        case "sort":
            return method("sort", ["axis", "kind"]) { [weak self] b in
                let sorted = try array.sorted(axis: b["axis"].map { try NumpyBridge.axis($0) } ?? -1)
                self?.array = sorted
                return .none
            }
        case "clip":
            return method("clip", ["min", "max"]) { b in
                let low = try b.optional("min").map(NDArrayObject.from), high = try b.optional("max").map(NDArrayObject.from)
                return .object(NDArrayObject(try array.clipped(low: low, high: high)))
            }
        case "round":
            return method("round", ["decimals"]) { b in
                .object(NDArrayObject(try array.rounded(decimals: try b.optional("decimals").map { try NumpyBridge.integer($0, "decimals") } ?? 0)))
            }
        case "fill":
            return method("fill", ["value"], required: 1) { [weak self] b in
                guard let self = self else { return .none }
                try self.array.assign(try NDArrayObject.from(b["value"] ?? .none), at: [])
                return .none
            }
        case "nonzero": return method("nonzero", []) { _ in .tuple(array.nonzero().map { .object(NDArrayObject($0)) }) }
        default: return nil
        }
    }

    public func item(_ index: Value, interpreter: Interpreter) throws -> Value? {
        let components = try NumpyBridge.indices(index)
        return NumpyBridge.wrap(try NumpyBridge.guarded { try array.subscripted(components) })
    }

    public func setItem(_ index: Value, to value: Value, interpreter: Interpreter) throws -> Bool {
        let components = try NumpyBridge.indices(index)
        let source = try NDArrayObject.from(value)
        try NumpyBridge.guarded { try array.assign(source, at: components) }
        return true
    }

    static func operation(_ op: BinaryOperator) -> NDArrayOperation? {
        switch op {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .trueDivide: return .trueDivide
        case .floorDivide: return .floorDivide
        case .modulo: return .remainder
        case .power: return .power
        case .bitAnd: return .bitwiseAnd
        case .bitOr: return .bitwiseOr
        case .bitXor: return .bitwiseXor
        default: return nil
        }
    }

    static func comparison(_ op: ComparisonOperator) -> NDArrayComparison {
        switch op {
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        case .greaterOrEqual: return .greaterOrEqual
        case .equal: return .equal
        case .notEqual: return .notEqual
        }
    }

    public func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
        if case .object(let o) = other, o is SeriesObject { return nil }  // the Series answers
        guard let operand = try? NDArrayObject.from(other) else { return nil }
        if op == .matrixMultiply {
            return NumpyBridge.wrap(try NumpyBridge.guarded {
                reflected ? try NDArray.dot(operand, array) : try NDArray.dot(array, operand)
            })
        }
        guard let operation = NDArrayObject.operation(op) else { return nil }
        let weak = NumpyBridge.isPythonScalar(other)
        return NumpyBridge.wrap(try NumpyBridge.guarded {
            reflected ? try NDArray.apply(operation, operand, array, lhsIsPythonScalar: weak)
                      : try NDArray.apply(operation, array, operand, rhsIsPythonScalar: weak)
        })
    }

    public func compare(_ op: ComparisonOperator, _ other: Value) throws -> Value? {
        if case .object(let o) = other, o is SeriesObject { return nil }
        if case .none = other, op == .equal || op == .notEqual {
            return NumpyBridge.wrap(try NumpyBridge.guarded { try NDArray.full(shape: array.shape, value: .bool(op == .notEqual), dtype: .bool) })
        }
        guard let operand = try? NDArrayObject.from(other) else { return nil }
        let weak = NumpyBridge.isPythonScalar(other)
        return NumpyBridge.wrap(try NumpyBridge.guarded {
            try NDArray.compare(NDArrayObject.comparison(op), array, operand, rhsIsPythonScalar: weak)
        })
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        try NumpyBridge.guarded {
            switch op {
            case .negate: return NumpyBridge.wrap(try array.negated())
            case .plus: return NumpyBridge.wrap(array)
            case .invert: return NumpyBridge.wrap(try array.inverted())
            }
        }
    }

    public func length() throws -> Int? {
        guard let first = array.shape.first else { throw ScriptError(.typeError, "len() of unsized object") }
        return first
    }

    public func truth() throws -> Bool? {
        if array.count == 1 { return array.bools()[0] }
        if array.count == 0 { return false }
        throw ScriptError(.valueError, "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
    }

    public func iterate(interpreter: Interpreter) throws -> [Value]? {
        guard let first = array.shape.first else { throw ScriptError(.typeError, "iteration over a 0-d array") }
        if array.rank == 1 { return (0..<first).map { NumpyBridge.value(array.scalar(at: $0)) } }
        return try (0..<first).map { i in .object(NDArrayObject(try NumpyBridge.guarded { try array.subscripted([.integer(i)]) })) }
    }

    public func contains(_ value: Value) throws -> Bool? {
        guard let operand = try? NDArrayObject.from(value) else { return false }
        let hits = try NumpyBridge.guarded { try NDArray.compare(.equal, array, operand, rhsIsPythonScalar: NumpyBridge.isPythonScalar(value)) }
        return hits.bools().contains(true)
    }
}

/// The interpreter handle passed to `iterate` when converting iterables (iteration of the
/// built-in iterables does not use it).
private let conversionInterpreter = Interpreter(sink: SilentSink())

/// An output sink that drops everything (for conversions that need an interpreter handle).
final class SilentSink: OutputSink {
    func write(_ text: String, to stream: StreamName) {}
    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) {}
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String, password: Bool) throws -> String { "" }
    func takeInterrupt() -> Bool { false }
}
