import Frames
import Script
import Tensor

/// Translations between script values and numpy-like Swift types, shared by the numpy, pandas
/// (and MXNet) namespaces.
enum NumpyBridge {
    /// A Swift error from Tensor/Frames as the Python exception numpy/pandas would raise.
    static func scriptError(_ error: Error) -> Error {
        switch error {
        case let e as NDArrayError:
            switch e.kind {
            case .index: return ScriptError(.indexError, e.message)
            case .type: return ScriptError(.typeError, e.message)
            case .memory: return ScriptError(.memoryError, e.message)
            case .value: return ScriptError(.valueError, e.message)
            }
        case let e as FrameError:
            switch e.kind {
            case .key: return ScriptError(.keyError, e.message)
            case .value, .parser: return ScriptError(.valueError, e.message)
            case .type: return ScriptError(.typeError, e.message)
            case .index: return ScriptError(.indexError, e.message)
            case .fileNotFound: return ScriptError(.fileNotFoundError, e.message)
            case .interrupted: return ScriptError(.keyboardInterrupt, "")
            }
        case let e as RandomStateError: return ScriptError(.valueError, e.description)
        default: return error
        }
    }

    /// Runs `body`, converting Tensor/Frames errors into `ScriptError`s.
    static func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw scriptError(error) }
    }

    /// A numpy scalar as a plain script value (float32 through its shortest decimal digits, so
    /// it prints as numpy prints it).
    static func value(_ scalar: NDArrayScalar) -> Value {
        switch scalar {
        case .float64(let d): return .float(d)
        case .float32(let f): return .float(f.isFinite ? (Double(NDArrayFormatter.shortest(f)) ?? Double(f)) : Double(f))
        case .int64(let i): return .int(i)
        case .bool(let b): return .bool(b)
        case .string(let s): return .str(s)
        }
    }

    /// A result array: 0-d arrays become plain scalars (numpy scalars), others an ndarray object.
    static func wrap(_ array: NDArray) -> Value {
        if array.rank == 0 && array.count == 1 { return value(array.scalar(at: 0)) }
        return .object(NDArrayObject(array))
    }

    /// Whether a value is a Python scalar (weak in numpy 1.x's promotion).
    static func isPythonScalar(_ value: Value) -> Bool {
        switch value {
        case .int, .float, .bool: return true
        default: return false
        }
    }

    /// A dtype from `numpy.float32`, `'float32'`, `float`, `int`, `bool`, `str`, `'<U5'`, `object`.
    /// - Throws: `TypeError` "data type 'x' not understood".
    static func dtype(_ value: Value) throws -> NDArrayDType {
        var name: String
        switch value {
        case .str(let s): name = s
        case .object(let o as NumpyDTypeObject): return o.dtype
        case .object(let o) where o.typeName == "type" || o.typeName == "builtin_function_or_method":
            name = o.repr()
            if let open = name.firstIndex(of: "'"), let close = name.lastIndex(of: "'"), open < close {
                name = String(name[name.index(after: open)..<close])
            } else if let fn = o as? BuiltinFunction {
                name = fn.name
            }
        default: throw ScriptError(.typeError, "Cannot interpret '\(Value.reprOf(value))' as a data type")
        }
        switch name {
        case "float64", "float", "f8", "double", "d", "numpy.float64": return .float64
        case "float32", "f4", "single", "f", "numpy.float32": return .float32
        case "int64", "int", "i8", "int32", "i4", "long", "numpy.int64", "numpy.int32", "intp": return .int64
        case "bool", "bool_", "?", "numpy.bool_": return .bool
        case "str", "object", "O", "U", "numpy.str_": return .string
        default:
            if name.hasPrefix("<U") || name.hasPrefix("U") { return .string }
            throw ScriptError(.typeError, "data type '\(name)' not understood")
        }
    }

    /// An integer argument (bools count; numpy integer scalars are plain ints here).
    static func integer(_ value: Value, _ what: String) throws -> Int {
        switch value {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .object(let o as NDArrayObject) where o.array.count == 1 && o.array.dtype == .int64:
            return (try? o.array.ints().first) ?? 0
        default:
            throw ScriptError(.typeError, "'\(value.typeName)' object cannot be interpreted as an integer (\(what))")
        }
    }

    /// A real-number argument.
    static func double(_ value: Value, _ what: String) throws -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .object(let o as NDArrayObject) where o.array.count == 1 && o.array.dtype != .string:
            return o.array.scalar(at: 0).doubleValue
        default: throw ScriptError(.typeError, "\(what) must be a real number, not '\(value.typeName)'")
        }
    }

    /// A shape: an int or a tuple/list of ints.
    static func shape(_ value: Value) throws -> [Int] {
        switch value {
        case .tuple(let items): return try items.map { try integer($0, "shape") }
        case .list(let list): return try list.items.map { try integer($0, "shape") }
        default: return [try integer(value, "shape")]
        }
    }

    /// An optional `size=` argument: nil for None/absent.
    static func size(_ value: Value?) throws -> [Int]? {
        guard let value = value, !isNone(value) else { return nil }
        return try shape(value)
    }

    static func isNone(_ value: Value) -> Bool {
        if case .none = value { return true }
        return false
    }

    /// An `axis=` argument: nil for None/absent.
    static func axis(_ value: Value?) throws -> Int? {
        guard let value = value, !isNone(value) else { return nil }
        return try integer(value, "axis")
    }

    /// A subscript as numpy index components.
    static func indices(_ value: Value) throws -> [NDArrayIndex] {
        if case .tuple(let items) = value { return try items.map(component) }
        return [try component(value)]
    }

    private static func component(_ value: Value) throws -> NDArrayIndex {
        switch value {
        case .int(let i): return .integer(i)
        case .object(let slice as SliceObject):
            func part(_ v: Value) throws -> Int? {
                switch v {
                case .none: return nil
                case .int(let i): return i
                case .bool(let b): return b ? 1 : 0
                default: throw ScriptError(.typeError, "slice indices must be integers or None or have an __index__ method")
                }
            }
            return .slice(start: try part(slice.start), stop: try part(slice.stop), step: try part(slice.step))
        case .list, .object:
            let array = try NDArrayObject.from(value)
            if array.dtype == .float64 && array.count == 0 { return .array(NDArray([Int]())) }
            return .array(array)
        default:
            throw ScriptError(.indexError, "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
        }
    }

    /// `tolist()`: nested lists of Python scalars.
    static func list(_ array: NDArray) -> Value {
        if array.rank == 0 { return value(array.scalar(at: 0)) }
        let strides = NDArray.strides(of: array.shape)
        func build(_ axis: Int, _ offset: Int) -> Value {
            if axis == array.rank { return value(array.scalar(at: offset)) }
            return .list(ListObject((0..<array.shape[axis]).map { build(axis + 1, offset + $0 * strides[axis]) }))
        }
        return build(0, 0)
    }

    /// A shape as a Python tuple.
    static func tuple(_ shape: [Int]) -> Value { .tuple(shape.map { .int($0) }) }
}

/// numpy's dtype objects and scalar types (`numpy.float32`, `a.dtype`): compare equal to each
/// other and to their names; calling one converts a value (`numpy.float32(1.5)`).
public final class NumpyDTypeObject: ScriptObject {
    public let dtype: NDArrayDType
    /// numpy's dtype string (`float64`, `<U5`).
    public let name: String
    /// True for the scalar type (`numpy.float32`), false for a dtype instance (`a.dtype`).
    public let isScalarType: Bool

    public init(_ dtype: NDArrayDType, name: String? = nil, isScalarType: Bool = false) {
        self.dtype = dtype
        self.name = name ?? dtype.name
        self.isScalarType = isScalarType
    }

    public var typeName: String { isScalarType ? "type" : "dtype[\(name)]" }
    public func repr() -> String { isScalarType ? "<class 'numpy.\(name)'>" : "dtype('\(name)')" }
    public func str() -> String { isScalarType ? repr() : name }
    public var hashKey: HashKey? { .str(name) }
    public var attributeNames: [String] { ["name", "kind", "itemsize"] }

    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "name": return .str(self.name == "str" ? "str" : self.name)
        case "kind":
            switch dtype {
            case .float64, .float32: return .str("f")
            case .int64: return .str("i")
            case .bool: return .str("b")
            case .string: return .str("U")
            }
        case "itemsize":
            switch dtype {
            case .float64, .int64: return .int(self.name == "int32" ? 4 : 8)
            case .float32: return .int(4)
            case .bool: return .int(1)
            case .string: return .int(4)
            }
        default: return nil
        }
    }

    public func compare(_ op: ComparisonOperator, _ other: Value) throws -> Value? {
        guard op == .equal || op == .notEqual else { return nil }
        var same = false
        if case .object(let o as NumpyDTypeObject) = other { same = o.dtype == dtype }
        else if let d = try? NumpyBridge.dtype(other) { same = d == dtype }
        return .bool(op == .equal ? same : !same)
    }

    public func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value? {
        let bound = try arguments.bind(name, ["x"])
        let x = bound["x"] ?? .int(0)
        let array = try NDArrayObject.from(x)
        return NumpyBridge.wrap(try NumpyBridge.guarded { try array.converted(to: dtype) })
    }
}
