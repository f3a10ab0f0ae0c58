import Plot
import Script
import Tensor

/// Conversions from script values to the plot layer's Swift types, for the `plt` namespace.
enum PlotValues {
    /// The numbers of a data argument (`x` of `hist`, `y` of `plot`): an ndarray or pandas
    /// Series (taken in bulk through `NDArrayObject.from`), a list or tuple of numbers, a single
    /// number, or another iterable object yielding numbers. A 2-D array with one column (or one
    /// row) counts as one data set.
    /// - Throws: `TypeError` naming the function when the data are strings or not numbers,
    ///   `NotImplementedError` for several data sets (a 2-D array with several columns, nested lists).
    static func numbers(_ value: Value, _ function: String, interpreter: Interpreter) throws -> [Double] {
        switch value {
        case .int, .float, .bool:
            return [try number(value, function)]
        case .list(let list):
            return try list.items.map { try element($0, function) }
        case .tuple(let items):
            return try items.map { try element($0, function) }
        case .object(let object as NDArrayObject):
            return try numbers(of: object.array, function)
        case .object(let object as SeriesObject):
            return try numbers(of: object.series.values, function)
        case .object(let object):
            guard let items = try object.iterate(interpreter: interpreter) else {
                throw ScriptError(.typeError, "\(function)() needs numeric data, got '\(value.typeName)'")
            }
            return try items.map { try element($0, function) }
        case .str(let s):
            throw ScriptError(.typeError, "\(function)() needs numeric data, got the string \(Value.quote(s))")
        case .none, .dict, .set:
            throw ScriptError(.typeError, "\(function)() needs numeric data, got '\(value.typeName)'")
        }
    }

    /// The elements of `array` as Float64 (bools as 0/1), for one data set.
    private static func numbers(of array: NDArray, _ function: String) throws -> [Double] {
        if array.dtype == .string {
            let first = array.strings().first ?? ""
            throw ScriptError(.typeError, "\(function)() needs numeric data, got the string \(Value.quote(first))")
        }
        guard array.shape.filter({ $0 > 1 }).count <= 1 else {
            throw ScriptError(.notImplementedError, "\(function)() of an array of shape (\(array.shape.map(String.init).joined(separator: ", "))) would plot several data sets; pass one column, e.g. a[:, 0]")
        }
        return try NumpyBridge.guarded { try array.doubles() }
    }

    private static func element(_ value: Value, _ function: String) throws -> Double {
        switch value {
        case .int, .float, .bool: return try number(value, function)
        case .str(let s):
            throw ScriptError(.typeError, "\(function)() needs numeric data, got the string \(Value.quote(s))")
        case .list, .tuple:
            throw ScriptError(.notImplementedError, "\(function)() takes one data set (a flat sequence of numbers); nested sequences are not supported")
        case .object:
            return try number(value, function)
        case .none, .dict, .set:
            throw ScriptError(.typeError, "\(function)() needs numeric data, got '\(value.typeName)'")
        }
    }

    /// A single number (`int`, `float`, `bool`).
    /// - Throws: `TypeError` `must be real number, not str`.
    static func number(_ value: Value, _ what: String) throws -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .object(let object as NDArrayObject) where object.array.count == 1 && object.array.dtype != .string:
            return try NumpyBridge.guarded { try object.array.doubles()[0] }
        default:
            throw ScriptError(.typeError, "\(what): must be real number, not \(value.typeName)")
        }
    }

    /// A font size: points as a number, or matplotlib's names (`'small'`, `'large'`, …, scaled
    /// from the 10 pt default).
    static func fontSize(_ value: Value?) throws -> Double? {
        guard let value else { return nil }
        if case .none = value { return nil }
        if case .str(let name) = value {
            let scales: [String: Double] = ["xx-small": 0.579, "x-small": 0.694, "small": 0.833, "medium": 1.0,
                                            "large": 1.2, "x-large": 1.44, "xx-large": 1.728, "larger": 1.2, "smaller": 0.833]
            guard let scale = scales[name] else {
                throw ScriptError(.valueError, "\(Value.quote(name)) is not a valid font size. Valid font sizes are xx-small, x-small, small, medium, large, x-large, xx-large, larger, smaller, None")
            }
            return 10 * scale
        }
        let size = try number(value, "fontsize")
        guard size > 0, size.isFinite else { throw ScriptError(.valueError, "fontsize must be positive, got \(Value.reprOf(value))") }
        return size
    }

    /// A colour: a matplotlib colour string, or an `(r, g, b)` / `(r, g, b, a)` tuple in 0...1.
    /// - Throws: `ValueError` `Invalid RGBA argument: …` (matplotlib's wording).
    static func color(_ value: Value?) throws -> Color? {
        guard let value else { return nil }
        switch value {
        case .none: return nil
        case .str(let s): return try plotCall { try Color.parse(s) }
        case .tuple, .list:
            let items: [Value]
            if case .list(let list) = value { items = list.items } else if case .tuple(let t) = value { items = t } else { items = [] }
            let parts = try items.map { try number($0, "color") }
            guard parts.count == 3 || parts.count == 4, parts.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw ScriptError(.valueError, "Invalid RGBA argument: \(Value.reprOf(value))")
            }
            return Color(red: parts[0], green: parts[1], blue: parts[2], alpha: parts.count == 4 ? parts[3] : 1)
        default:
            throw ScriptError(.valueError, "Invalid RGBA argument: \(Value.reprOf(value))")
        }
    }

    /// Python truthiness of a flag argument (`density=True`).
    /// - Throws: `TypeError` for values that are not flags.
    static func truth(_ value: Value, _ what: String) throws -> Bool {
        switch value {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        default: throw ScriptError(.typeError, "\(what) must be True or False, not \(value.typeName)")
        }
    }

    /// A plot result as a float64 `ndarray`, as matplotlib's `hist` returns its counts and edges.
    static func array(_ values: [Double]) -> Value {
        .object(NDArrayObject(NDArray(values)))
    }

    /// An optional string argument (`label=`).
    static func string(_ value: Value?, _ what: String) throws -> String? {
        guard let value else { return nil }
        switch value {
        case .none: return nil
        case .str(let s): return s
        default: return Value.strOf(value)
        }
    }

    /// Runs a plot-layer call, turning its `PlotError` into the matching Python exception.
    static func plotCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlotError {
            switch error.kind {
            case .value: throw ScriptError(.valueError, error.message)
            case .type: throw ScriptError(.typeError, error.message)
            case .resource: throw ScriptError(.osError, error.message)
            case .memory: throw ScriptError(.memoryError, error.message)
            }
        }
    }
}
