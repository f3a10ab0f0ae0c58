import Frames
import Script
import Tensor

/// Arguments bound to a method signature, with Swift errors turned into Python exceptions.
private func pandasMethod(_ name: String, _ parameters: [String], required: Int = 0,
                          _ body: @escaping (BoundArguments) throws -> Value) -> Value {
    .object(BuiltinFunction(name) { args, _ in
        try NumpyBridge.guarded { try body(try args.bind(name, parameters, required: required)) }
    })
}

/// A column label from a script key (ints name columns of a header-less file).
private func columnName(_ key: Value) -> String? {
    switch key {
    case .str(let s): return s
    case .int(let i): return String(i)
    default: return nil
    }
}

/// pandas' `DataFrame` as a script object.
///
/// Example (script): `data = data.sample(frac=1).reset_index(drop=True); data['rating'].mean()`
public final class DataFrameObject: ScriptObject {
    public var frame: DataFrame
    public init(_ frame: DataFrame) { self.frame = frame }

    public var typeName: String { "DataFrame" }
    public var hashKey: HashKey? { nil }
    public func repr() -> String { FrameFormatter.text(frame) }
    public func richRepresentations() -> [String: String] { ["text/html": FrameFormatter.html(frame)] }
    public var documentation: String? { "DataFrame: named columns sharing a row index (pandas).\n\nExample: data.head()" }
    /// Column names, for completing `data['…`.
    public var itemKeys: [String] { frame.columnNames }

    public var attributeNames: [String] {
        ["shape", "columns", "index", "dtypes", "values", "head", "tail", "sample", "reset_index", "describe", "copy",
         "to_numpy"] + frame.columnNames
    }

    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        let frame = self.frame
        switch name {
        case "shape": return .tuple([.int(frame.rowCount), .int(frame.columns.count)])
        case "columns": return .object(PandasIndexObject(labels: NDArray(frame.columnNames), isRange: false))
        case "index": return .object(PandasIndexObject(frame.index))
        case "dtypes":
            return .object(SeriesObject(try NumpyBridge.guarded {
                try Series(values: NDArray(frame.dtypeNames), index: FrameIndex(labels: NDArray(frame.columnNames)))
            }))
        case "values", "to_numpy":
            let matrix = try NumpyBridge.guarded { () -> NDArray in
                guard !frame.columns.isEmpty else { return try NDArray.zeros(shape: [frame.rowCount, 0]) }
                return try NDArray.stack(frame.columns, axis: 1)
            }
            if name == "values" { return .object(NDArrayObject(matrix)) }
            return pandasMethod("to_numpy", ["dtype"]) { _ in .object(NDArrayObject(matrix)) }
        case "head": return pandasMethod("head", ["n"]) { b in .object(DataFrameObject(frame.head(try b.optional("n").map { try NumpyBridge.integer($0, "n") } ?? 5))) }
        case "tail": return pandasMethod("tail", ["n"]) { b in .object(DataFrameObject(frame.tail(try b.optional("n").map { try NumpyBridge.integer($0, "n") } ?? 5))) }
        case "copy": return pandasMethod("copy", ["deep"]) { _ in .object(DataFrameObject(frame)) }
        case "describe": return pandasMethod("describe", []) { _ in .object(DataFrameObject(try frame.describe())) }
        case "reset_index":
            return pandasMethod("reset_index", ["level", "drop", "inplace"]) { [weak self] b in
                var drop = false
                if case .bool(let d)? = b["drop"] { drop = d }
                let result = try frame.resettingIndex(drop: drop)
                if case .bool(true)? = b["inplace"] { self?.frame = result; return .none }
                return .object(DataFrameObject(result))
            }
        case "sample":
            return pandasMethod("sample", ["n", "frac", "replace", "weights", "random_state", "axis", "ignore_index"]) { b in
                if b.optional("weights") != nil { throw ScriptError(.notImplementedError, "sample(weights=…) is not supported") }
                var replace = false
                if case .bool(let r)? = b["replace"] { replace = r }
                let state = try SeriesObject.randomState(b.optional("random_state"))
                var result = try frame.sample(count: try b.optional("n").map { try NumpyBridge.integer($0, "n") },
                                              fraction: try b.optional("frac").map { try NumpyBridge.double($0, "frac") },
                                              replace: replace, randomState: state)
                if case .bool(true)? = b["ignore_index"] { result = try result.resettingIndex(drop: true) }
                return .object(DataFrameObject(result))
            }
        default:
            if frame.columnNames.contains(name) { return .object(SeriesObject(try NumpyBridge.guarded { try frame.column(name) })) }
            return nil
        }
    }

    public func item(_ index: Value, interpreter: Interpreter) throws -> Value? {
        let frame = self.frame
        return try NumpyBridge.guarded {
            if let name = columnName(index) { return .object(SeriesObject(try frame.column(name))) }
            switch index {
            case .list(let l): return .object(DataFrameObject(try frame.selecting(l.items.map(Value.strOf))))
            case .object(let slice as SliceObject):
                let (start, _, step, count) = try slice.indices(length: frame.rowCount)
                return .object(DataFrameObject(frame.taking(rows: (0..<count).map { start + $0 * step })))
            case .object(let o as SeriesObject) where o.series.values.dtype == .bool:
                guard o.series.count == frame.rowCount else { throw ScriptError(.valueError, "Item wrong length \(o.series.count) instead of \(frame.rowCount).") }
                let mask = o.series.values.bools()
                return .object(DataFrameObject(frame.taking(rows: mask.indices.filter { mask[$0] })))
            default: throw ScriptError(.keyError, Value.reprOf(index))
            }
        }
    }

    public func setItem(_ index: Value, to value: Value, interpreter: Interpreter) throws -> Bool {
        guard let name = columnName(index) else { throw ScriptError(.typeError, "column names must be strings") }
        let values = try NDArrayObject.from(value)
        try NumpyBridge.guarded { try frame.setColumn(name, values) }
        return true
    }

    public func length() throws -> Int? { frame.rowCount }
    public func iterate(interpreter: Interpreter) throws -> [Value]? { frame.columnNames.map { .str($0) } }
    public func contains(_ value: Value) throws -> Bool? { columnName(value).map(frame.columnNames.contains) ?? false }
    public func truth() throws -> Bool? {
        throw ScriptError(.valueError, "The truth value of a DataFrame is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().")
    }
}

/// pandas' `Series` as a script object.
///
/// Example (script): `data['userId'].min(), data['rating'].value_counts()`
public final class SeriesObject: ScriptObject {
    public var series: Series
    public init(_ series: Series) { self.series = series }

    public var typeName: String { "Series" }
    public var hashKey: HashKey? { nil }
    public func repr() -> String { FrameFormatter.text(series) }
    public var documentation: String? { "Series: a labelled 1-D array (pandas).\n\nExample: data['rating'].mean()" }

    /// `random_state=`: None → numpy's global RandomState; an int → a fresh seeded one.
    static func randomState(_ value: Value?) throws -> RandomState {
        guard let value = value else { return NumpyModule.globalRandomState }
        return try NumpyBridge.guarded { try RandomState(seed: try NumpyBridge.integer(value, "random_state")) }
    }

    public var attributeNames: [String] {
        ["values", "index", "name", "dtype", "shape", "size", "head", "tail", "min", "max", "mean", "sum", "std",
         "unique", "nunique", "value_counts", "tolist", "to_numpy", "astype", "copy", "sample", "reset_index"]
    }

    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        let series = self.series
        switch name {
        case "values": return .object(NDArrayObject(series.values))
        case "index": return .object(PandasIndexObject(series.index))
        case "name": return series.name.map { .str($0) } ?? Value.none
        case "dtype": return .object(NumpyDTypeObject(series.values.dtype, name: series.dtypeName == "object" ? "O" : nil))
        case "shape": return .tuple([.int(series.count)])
        case "size": return .int(series.count)
        case "head": return pandasMethod("head", ["n"]) { b in .object(SeriesObject(series.head(try b.optional("n").map { try NumpyBridge.integer($0, "n") } ?? 5))) }
        case "tail": return pandasMethod("tail", ["n"]) { b in .object(SeriesObject(series.tail(try b.optional("n").map { try NumpyBridge.integer($0, "n") } ?? 5))) }
        case "min": return pandasMethod("min", ["axis", "skipna"]) { _ in try series.minimum().map(NumpyBridge.value) ?? .float(.nan) }
        case "max": return pandasMethod("max", ["axis", "skipna"]) { _ in try series.maximum().map(NumpyBridge.value) ?? .float(.nan) }
        case "sum": return pandasMethod("sum", ["axis", "skipna"]) { _ in NumpyBridge.value(try series.sum()) }
        case "mean": return pandasMethod("mean", ["axis", "skipna"]) { _ in .float(try series.mean()) }
        case "std":
            return pandasMethod("std", ["axis", "skipna", "ddof"]) { b in
                .float(try series.standardDeviation(ddof: try b.optional("ddof").map { try NumpyBridge.integer($0, "ddof") } ?? 1))
            }
        case "unique": return pandasMethod("unique", []) { _ in .object(NDArrayObject(series.unique())) }
        case "nunique": return pandasMethod("nunique", ["dropna"]) { _ in .int(series.uniqueCount()) }
        case "value_counts": return pandasMethod("value_counts", []) { _ in .object(SeriesObject(series.valueCounts())) }
        case "tolist", "to_list": return pandasMethod(name, []) { _ in NumpyBridge.list(series.values) }
        case "to_numpy": return pandasMethod("to_numpy", ["dtype"]) { _ in .object(NDArrayObject(series.values)) }
        case "copy": return pandasMethod("copy", ["deep"]) { _ in .object(SeriesObject(series)) }
        case "astype":
            return pandasMethod("astype", ["dtype"], required: 1) { b in
                var converted = series
                converted.values = try series.values.converted(to: try NumpyBridge.dtype(b["dtype"] ?? .none))
                return .object(SeriesObject(converted))
            }
        case "reset_index":
            return pandasMethod("reset_index", ["level", "drop"]) { _ in
                var reset = series
                reset.index = .range(series.count)
                return .object(SeriesObject(reset))
            }
        case "sample":
            return pandasMethod("sample", ["n", "frac", "replace", "weights", "random_state"]) { b in
                var replace = false
                if case .bool(let r)? = b["replace"] { replace = r }
                let frame = try DataFrame(columns: [(series.name ?? "0", series.values)], index: series.index)
                let sampled = try frame.sample(count: try b.optional("n").map { try NumpyBridge.integer($0, "n") },
                                               fraction: try b.optional("frac").map { try NumpyBridge.double($0, "frac") },
                                               replace: replace, randomState: try SeriesObject.randomState(b.optional("random_state")))
                return .object(SeriesObject(try Series(values: sampled.columns[0], index: sampled.index, name: series.name)))
            }
        default: return nil
        }
    }

    public func item(_ index: Value, interpreter: Interpreter) throws -> Value? {
        let series = self.series
        return try NumpyBridge.guarded {
            switch index {
            case .int(let i):
                guard let p = series.index.position(of: .int64(i)) else { throw ScriptError(.keyError, String(i)) }
                return NumpyBridge.value(series.values.scalar(at: p))
            case .str(let s):
                guard let p = series.index.position(of: .string(s)) else { throw ScriptError(.keyError, Value.quote(s)) }
                return NumpyBridge.value(series.values.scalar(at: p))
            case .object(let slice as SliceObject):
                let (start, _, step, count) = try slice.indices(length: series.count)
                return .object(SeriesObject(series.taking((0..<count).map { start + $0 * step })))
            default:
                let selector = try NDArrayObject.from(index)
                if selector.dtype == .bool {
                    guard selector.count == series.count else { throw ScriptError(.indexError, "Boolean index has wrong length: \(selector.count) instead of \(series.count)") }
                    let mask = selector.bools()
                    return .object(SeriesObject(series.taking(mask.indices.filter { mask[$0] })))
                }
                let positions = try selector.ints().map { label -> Int in
                    guard let p = series.index.position(of: .int64(label)) else { throw ScriptError(.keyError, "[\(label)] not in index") }
                    return p
                }
                return .object(SeriesObject(series.taking(positions)))
            }
        }
    }

    public func setItem(_ index: Value, to value: Value, interpreter: Interpreter) throws -> Bool {
        let source = try NDArrayObject.from(value)
        try NumpyBridge.guarded {
            if case .int(let i) = index, let p = series.index.position(of: .int64(i)) {
                try series.values.assign(source, at: [.integer(p)])
            } else {
                try series.values.assign(source, at: try NumpyBridge.indices(index))
            }
        }
        return true
    }

    private func operand(_ other: Value) -> (NDArray, String?)? {
        if case .object(let o as SeriesObject) = other { return (o.series.values, o.series.name) }
        guard let array = try? NDArrayObject.from(other) else { return nil }
        return (array, nil)
    }

    public func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
        guard let operation = NDArrayObject.operation(op), let (array, name) = operand(other) else { return nil }
        let isScalar = NumpyBridge.isPythonScalar(other)
        let result = try NumpyBridge.guarded {
            try Series.apply(operation, series, array, rhsIsPythonScalar: isScalar, rhsName: name ?? (isScalar ? nil : series.name), reflected: reflected)
        }
        return .object(SeriesObject(result))
    }

    public func compare(_ op: ComparisonOperator, _ other: Value) throws -> Value? {
        guard let (array, _) = operand(other) else { return nil }
        let result = try NumpyBridge.guarded {
            try Series.compare(NDArrayObject.comparison(op), series, array, rhsIsPythonScalar: NumpyBridge.isPythonScalar(other))
        }
        return .object(SeriesObject(result))
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        var result = series
        switch op {
        case .negate: result.values = try NumpyBridge.guarded { try series.values.negated() }
        case .plus: break
        case .invert: result.values = try NumpyBridge.guarded { try series.values.inverted() }
        }
        return .object(SeriesObject(result))
    }

    public func length() throws -> Int? { series.count }
    public func iterate(interpreter: Interpreter) throws -> [Value]? {
        (0..<series.count).map { NumpyBridge.value(series.values.scalar(at: $0)) }
    }
    public func contains(_ value: Value) throws -> Bool? {
        // pandas: `x in series` tests the index labels.
        switch value {
        case .int(let i): return series.index.position(of: .int64(i)) != nil
        case .str(let s): return series.index.position(of: .string(s)) != nil
        default: return false
        }
    }
    public func truth() throws -> Bool? {
        throw ScriptError(.valueError, "The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().")
    }
}

/// pandas' `Index` / `RangeIndex` (`df.columns`, `df.index`): printable, iterable, indexable.
public final class PandasIndexObject: ScriptObject {
    public let labels: NDArray
    let isRange: Bool
    let name: String?

    init(labels: NDArray, isRange: Bool, name: String? = nil) {
        self.labels = labels
        self.isRange = isRange
        self.name = name
    }

    convenience init(_ index: FrameIndex) {
        self.init(labels: index.labelArray, isRange: index.isRange, name: index.name)
    }

    public var typeName: String { isRange ? "RangeIndex" : "Index" }
    public var hashKey: HashKey? { nil }
    public var attributeNames: [String] { ["tolist", "values", "name", "size", "shape"] }

    public func repr() -> String {
        if isRange { return "RangeIndex(start=0, stop=\(labels.count), step=1)" }
        let items = (0..<labels.count).map { i -> String in
            if case .string(let s) = labels.scalar(at: i) { return NDArrayFormatter.quote(s) }
            return FrameFormatter.labelText(labels.scalar(at: i))
        }
        let dtype = labels.dtype == .string ? "object" : labels.dtype.name
        return "Index([\(items.joined(separator: ", "))], dtype='\(dtype)'\(name.map { ", name='\($0)'" } ?? ""))"
    }

    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "tolist": return pandasMethod("tolist", []) { [labels] _ in NumpyBridge.list(labels) }
        case "values": return .object(NDArrayObject(labels))
        case "name": return self.name.map { .str($0) } ?? Value.none
        case "size": return .int(labels.count)
        case "shape": return .tuple([.int(labels.count)])
        default: return nil
        }
    }

    public func item(_ index: Value, interpreter: Interpreter) throws -> Value? {
        NumpyBridge.wrap(try NumpyBridge.guarded { try labels.subscripted(try NumpyBridge.indices(index)) })
    }
    public func length() throws -> Int? { labels.count }
    public func iterate(interpreter: Interpreter) throws -> [Value]? { (0..<labels.count).map { NumpyBridge.value(labels.scalar(at: $0)) } }
    public func contains(_ value: Value) throws -> Bool? {
        guard let v = try? NDArrayObject.from(value) else { return false }
        return (try? NDArray.compare(.equal, labels, v))?.bools().contains(true) ?? false
    }
}
