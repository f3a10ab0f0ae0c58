import Frames
import Script
import Tensor

/// The `pandas` namespace: `read_csv`, `DataFrame`, `Series`.
///
/// Example (script): `data = pandas.read_csv('ratings.csv', usecols=(0, 1, 2)); data.head()`
public enum PandasModule {
    /// Builds the `pandas` module.
    public static func make() -> ModuleObject {
        let pd = ModuleObject("pandas", doc: "pandas: CSV reading, DataFrame and Series (a Swift implementation of the core).")
        pd.define("read_csv", doc: """
            read_csv(filepath_or_buffer, sep=',', delimiter=None, header='infer', names=None, usecols=None, dtype=None, nrows=None, on_bad_lines='error')

            Reads a CSV file into a DataFrame; columns typed int64 / float64 / object like pandas.
            The file is parsed on all cores; a long read shows a live progress line. on_bad_lines:
            'error' (a line with too many fields raises ParserError naming it), 'warn' or 'skip'
            (such lines are left out and reported on stderr).

            Example: data = pandas.read_csv('./ml-20m/ratings.csv', sep=',', usecols=(0, 1, 2))
            """) { args, interpreter in
            let b = try args.bind("read_csv", ["filepath_or_buffer", "sep", "delimiter", "header", "names", "index_col",
                                               "usecols", "dtype", "nrows", "engine", "encoding", "low_memory", "on_bad_lines"],
                                     required: 1)
            guard case .str(let path)? = b["filepath_or_buffer"] else {
                throw ScriptError(.typeError, "read_csv() expects a file path string")
            }
            var options = CSVReadOptions()
            if let sep = b.optional("sep") ?? b.optional("delimiter") {
                guard case .str(let s) = sep, s.utf8.count == 1, let byte = s.utf8.first else {
                    throw ScriptError(.valueError, "only single-character separators are supported")
                }
                options.separator = byte
            }
            if let names = b.optional("names") { options.names = try strings(names, "names") }
            switch b["header"] {
            case nil, .str("infer")?: options.headerRow = options.names == nil ? 0 : nil
            case .none?: options.headerRow = nil
            case let h?: options.headerRow = try NumpyBridge.integer(h, "header")
            }
            if let usecols = b.optional("usecols") {
                let items: [Value]
                switch usecols {
                case .list(let l): items = l.items
                case .tuple(let t): items = t
                default: throw ScriptError(.valueError, "'usecols' must either be list-like of all strings, all unicode, all integers or a callable.")
                }
                options.columns = try items.map { item in
                    switch item {
                    case .int(let i): return .position(i)
                    case .str(let s): return .name(s)
                    default: throw ScriptError(.valueError, "'usecols' must either be list-like of all strings, all unicode, all integers or a callable.")
                    }
                }
            }
            if let dtype = b.optional("dtype") {
                if case .dict(let d) = dtype {
                    for (key, value) in d.items { options.columnTypes[Value.strOf(key)] = try NumpyBridge.dtype(value) }
                } else {
                    options.allColumnsType = try NumpyBridge.dtype(dtype)
                }
            }
            if let n = b.optional("nrows") { options.rowLimit = try NumpyBridge.integer(n, "nrows") }
            if b.optional("index_col") != nil { throw ScriptError(.notImplementedError, "read_csv(index_col=…) is not supported") }
            var warnBadLines = false
            switch b.optional("on_bad_lines") {
            case nil, .str("error")?: options.badLines = .error
            case .str("skip")?: options.badLines = .skip
            case .str("warn")?: options.badLines = .skip; warnBadLines = true
            case let other?:
                throw ScriptError(.valueError, "Argument \(Value.strOf(other)) is invalid for on_bad_lines")
            }
            let progress = ReadProgress(sink: interpreter.sink, path: path)
            options.progress = { progress.update(done: $0, total: $1) }
            options.shouldStop = { interpreter.sink.takeInterrupt() }
            let result = try NumpyBridge.guarded { try CSVReader.readWithReport(path: path, options: options) }
            reportSkipped(result, warn: warnBadLines, sink: interpreter.sink)
            return .object(DataFrameObject(result.frame))
        }
        pd.define("DataFrame", doc: "DataFrame(data=None, columns=None)\n\nA frame from a dict of column name → list/array.\n\nExample: pandas.DataFrame({'a': [1, 2], 'b': [0.5, 1.5]})") { args, _ in
            let b = try args.bind("DataFrame", ["data", "index", "columns", "dtype"])
            var columns: [(String, NDArray)] = []
            switch b.optional("data") {
            case nil: break
            case .dict(let d)?:
                for (key, value) in d.items { columns.append((Value.strOf(key), try NDArrayObject.from(value))) }
            case .object(let o as DataFrameObject)?:
                columns = Array(zip(o.frame.columnNames, o.frame.columns))
            case let other?:
                let array = try NDArrayObject.from(other)
                guard array.rank == 2 else { throw ScriptError(.valueError, "DataFrame constructor not properly called!") }
                for k in 0..<array.shape[1] {
                    columns.append((String(k), try NumpyBridge.guarded { try array.subscripted([.slice(start: nil, stop: nil, step: nil), .integer(k)]) }))
                }
            }
            if let names = b.optional("columns") {
                let wanted = try strings(names, "columns")
                if case .dict? = b.optional("data") {
                    columns = try wanted.map { name in
                        guard let c = columns.first(where: { $0.0 == name }) else { throw ScriptError(.keyError, "'\(name)'") }
                        return c
                    }
                } else {
                    guard wanted.count == columns.count else {
                        throw ScriptError(.valueError, "\(columns.count) columns passed, passed data had \(wanted.count) columns")
                    }
                    columns = zip(wanted, columns).map { ($0, $1.1) }
                }
            }
            if let dtype = b.optional("dtype") {
                let t = try NumpyBridge.dtype(dtype)
                columns = try columns.map { column in (column.0, try NumpyBridge.guarded { try column.1.converted(to: t) }) }
            }
            return .object(DataFrameObject(try NumpyBridge.guarded { try DataFrame(columns: columns) }))
        }
        pd.define("Series", doc: "Series(data, name=None)\n\nA labelled 1-D array.\n\nExample: pandas.Series([4.0, 3.5], name='rating')") { args, _ in
            let b = try args.bind("Series", ["data", "index", "dtype", "name"])
            var values = try NDArrayObject.from(b.optional("data") ?? .list(ListObject()))
            if let dtype = b.optional("dtype") { values = try NumpyBridge.guarded { try values.converted(to: try NumpyBridge.dtype(dtype)) } }
            let index = try b.optional("index").map { FrameIndex(labels: try NDArrayObject.from($0)) }
            let name = b.optional("name").map(Value.strOf)
            return .object(SeriesObject(try NumpyBridge.guarded { try Series(values: values, index: index, name: name) }))
        }
        pd.define("__version__", .str("2.2.3"))
        return pd
    }

    /// Strings from a list/tuple (or one string).
    static func strings(_ value: Value, _ what: String) throws -> [String] {
        switch value {
        case .list(let l): return l.items.map(Value.strOf)
        case .tuple(let t): return t.map(Value.strOf)
        case .str(let s): return [s]
        case .object(let o as PandasIndexObject): return o.labels.strings()
        default: throw ScriptError(.typeError, "\(what) must be a list of names")
        }
    }
}
