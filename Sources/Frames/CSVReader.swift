import Foundation
import Tensor

/// Options of `CSVReader.read`, as pandas' `read_csv` names them.
public struct CSVReadOptions {
    /// Which columns to keep: by position or by name (pandas `usecols`).
    public enum ColumnSelector: Equatable {
        case position(Int)
        case name(String)
    }
    /// What to do with a line that has more fields than the header (pandas `on_bad_lines`).
    public enum BadLineAction: Equatable {
        /// Throw `FrameError(.parser)` "Error tokenizing data. C error: Expected 4 fields in line 3, saw 5".
        case error
        /// Leave the line out; `CSVReadResult` counts and lists the lines left out
        /// (pandas' `'skip'`, and `'warn'` once the caller prints them).
        case skip
    }
    /// The field separator byte (`sep`, one ASCII character).
    public var separator: UInt8 = UInt8(ascii: ",")
    /// `usecols`: columns to keep (kept in file order, as pandas does); nil keeps all.
    public var columns: [ColumnSelector]?
    /// `header`: the 0-based row holding the column names, or nil for none (names 0, 1, …).
    public var headerRow: Int? = 0
    /// `names`: column names to use (replacing the header row when there is one).
    public var names: [String]?
    /// `dtype`: a dtype per column name, or `allColumnsType` for every column.
    public var columnTypes: [String: NDArrayDType] = [:]
    public var allColumnsType: NDArrayDType?
    /// `nrows`: read at most this many data rows.
    public var rowLimit: Int?
    /// `on_bad_lines`: `.error` (pandas' default) or `.skip`.
    public var badLines: BadLineAction = .error
    /// Worker threads; nil uses every core (`ProcessInfo.activeProcessorCount`). The result
    /// does not depend on it.
    public var threadCount: Int?
    /// Bytes of data per chunk parsed by one worker (default 4 MiB; tests use tiny chunks so
    /// that cuts fall inside quoted fields). The result does not depend on it.
    public var chunkByteCount: Int?
    /// Called on the calling thread while the data is parsed, at most every `progressInterval`
    /// seconds and once at the end, with (bytes parsed, total bytes of the file).
    public var progress: ((_ bytesDone: Int, _ totalBytes: Int) -> Void)?
    /// Seconds between two `progress` calls (default 0.1: ten a second at most).
    public var progressInterval: Double = 0.1
    /// Polled on the calling thread every `progressInterval` while the data is parsed; when it
    /// returns true no further chunk is started and the read throws `FrameError(.interrupted)`
    /// (a Jupyter interrupt stops a long read within one chunk).
    public var shouldStop: (() -> Bool)?

    public init() {}
}

/// What `CSVReader.readWithReport` returns: the frame and the lines `on_bad_lines='skip'` left out.
public struct CSVReadResult {
    /// A line left out: its 1-based line number (records counted as pandas counts them: blank
    /// lines included, newlines inside quotes not) and how many fields it had.
    public struct SkippedLine: Equatable {
        public var line: Int
        public var fieldCount: Int
        public init(line: Int, fieldCount: Int) {
            self.line = line
            self.fieldCount = fieldCount
        }
    }
    public var frame: DataFrame
    /// How many lines were left out.
    public var skippedLineCount: Int
    /// The first (at most 1000) lines left out, in file order.
    public var skippedLines: [SkippedLine]
    /// The number of fields a line should have (the header's width).
    public var expectedFieldCount: Int
}

/// pandas' `read_csv` for the files MovieLens ships: RFC 4180 quoting (doubled quotes, separators
/// and newlines inside quotes), CRLF or LF line ends, a UTF-8 byte-order mark, a missing final
/// newline, blank lines skipped.
///
/// Columns are typed like pandas: all integers → int64; numbers with a decimal point, exponent or
/// a missing value → float64 (missing → NaN; every value is the double strtod reads from the
/// field's text); anything else → object (str). Rows with fewer fields are padded with missing
/// values; a row with more fields than the header is an error naming its line, as pandas' C
/// parser reports it, or is left out (`badLines = .skip`). Unlike pandas, this holds with
/// `usecols` too (pandas then drops the extra fields silently): a malformed line is reported.
///
/// The file is memory-mapped and cut into chunks at record starts (quote parity decides whether
/// a cut falls inside a quoted field); workers parse the chunks concurrently, straight from the
/// bytes into preallocated column buffers, and every chunk is checked to end where the next
/// begins (a file where that fails is read again in one piece): the result is the same for any
/// number of threads and any chunk size.
public enum CSVReader {
    /// Reads `path` into a DataFrame.
    /// - Throws: `FrameError(.fileNotFound)` "[Errno 2] No such file or directory: 'x.csv'";
    ///   `.parser` "Error tokenizing data. C error: Expected 3 fields in line 7, saw 4";
    ///   `.value` "could not convert string to float: 'x' (line 3, column 'rating')" for text in a
    ///   column a dtype makes numeric, for usecols naming absent columns or a dtype a column
    ///   cannot take; `EngineError.outOfMemory` when the columns would not fit in memory.
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
        try readWithReport(path: path, options: options).frame
    }

    /// Reads `path`, also reporting the lines `badLines = .skip` left out.
    /// - Throws: as `read(path:options:)`.
    public static func readWithReport(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> CSVReadResult {
        let file = try MappedFile(path: path)
        guard let bytes = file.bytes else { throw FrameError(.value, "No columns to parse from file") }
        return try withExtendedLifetime(file) { try parse(bytes: bytes, count: file.count, options: options, pages: file) }
    }

    /// Parses CSV text already in memory.
    public static func parse(text: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
        try parseWithReport(text: text, options: options).frame
    }

    /// Parses CSV text already in memory, also reporting the lines left out.
    public static func parseWithReport(text: String, options: CSVReadOptions = CSVReadOptions()) throws -> CSVReadResult {
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes.append(0)  // a valid pointer even for empty text
        return try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, count > 0 else { throw FrameError(.value, "No columns to parse from file") }
            return try parse(bytes: base, count: count, options: options)
        }
    }

    struct NeedsText: Error { let column: Int }

    /// The header and column layout of a file.
    struct Layout {
        var names: [String]
        var width: Int
        var selected: [Int]
        /// Where the data rows begin, and the line number of the first.
        var dataStart: Int
        var firstLine: Int
    }

    /// - Parameter pages: the mapping `bytes` lie in, whose pages are let go once a chunk is
    ///   parsed (the resident set peaks near the larger of the file and the columns, not their
    ///   sum); nil for bytes in memory.
    static func parse(bytes: UnsafePointer<UInt8>, count: Int, options: CSVReadOptions, pages: MappedFile? = nil) throws -> CSVReadResult {
        let layout = try readLayout(bytes, count, options)
        let threads = Swift.max(1, options.threadCount ?? ProcessInfo.processInfo.activeProcessorCount)
        let chunking: Chunking
        if let limit = options.rowLimit {
            // nrows: one chunk read in order, stopping after `limit` rows.
            var slots = Swift.max(limit, 0)
            if slots > 1 << 20 {
                slots = Swift.min(slots, countQuotesAndLineEnds(bytes, layout.dataStart, count, end: count).lineEnds + 1)
            }
            chunking = Chunking(starts: [layout.dataStart, count], slots: [slots])
        } else {
            chunking = makeChunking(bytes, dataStart: layout.dataStart, end: count,
                                chunkBytes: options.chunkByteCount ?? (4 << 20), threads: threads)
        }
        var textColumns = guessTextColumns(bytes, count, layout, options)
        while true {
            do {
                return try parseData(bytes, count, layout, chunking, textColumns: textColumns, threads: threads, options: options,
                                     pages: pages)
            } catch let signal as NeedsText {
                textColumns.insert(signal.column)
            }
        }
    }

    /// Reads the header (or peeks the width when there is none) and resolves `names`/`usecols`.
    static func readLayout(_ bytes: UnsafePointer<UInt8>, _ end: Int, _ options: CSVReadOptions) throws -> Layout {
        var position = 0
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        var fields: [Field] = []
        var line = 1
        var fileNames: [String] = []
        if let headerRow = options.headerRow {
            var seen = 0
            while position < end {
                position = nextRecord(bytes, position, end, options.separator, &fields)
                line += 1
                if fields.isEmpty { continue }
                if seen == headerRow { fileNames = fields.map { string(bytes, $0) }; break }
                seen += 1
            }
            if fileNames.isEmpty { throw FrameError(.value, "No columns to parse from file") }
        }
        var width = fileNames.count
        if options.headerRow == nil {
            var probe = position
            while probe < end {
                probe = nextRecord(bytes, probe, end, options.separator, &fields)
                if !fields.isEmpty { width = fields.count; break }
            }
            if width == 0 && options.names == nil { throw FrameError(.value, "No columns to parse from file") }
        }
        if let names = options.names {
            width = Swift.max(width, names.count)
            fileNames = names + (names.count < width ? (names.count..<width).map(String.init) : [])
        } else if options.headerRow == nil {
            fileNames = (0..<width).map(String.init)
        }
        var selected: [Int] = Array(0..<width)
        if let selectors = options.columns {
            var picks = Set<Int>()
            var missing: [String] = []
            for selector in selectors {
                switch selector {
                case .position(let p):
                    guard p >= 0, p < width else {
                        throw FrameError(.parser, "Defining usecols with out-of-bounds indices is not allowed. [\(p)] are out-of-bounds.")
                    }
                    picks.insert(p)
                case .name(let n):
                    if let p = fileNames.firstIndex(of: n) { picks.insert(p) } else { missing.append("'\(n)'") }
                }
            }
            if !missing.isEmpty {
                throw FrameError(.value, "Usecols do not match columns, columns expected but not found: [\(missing.joined(separator: ", "))]")
            }
            selected = picks.sorted()
        }
        return Layout(names: fileNames, width: width, selected: selected, dataStart: position, firstLine: line)
    }

    static func forcedType(_ column: Int, _ layout: Layout, _ options: CSVReadOptions) -> NDArrayDType? {
        options.columnTypes[layout.names[column]] ?? options.allColumnsType
    }

    /// Columns whose first rows already hold text (so the read starts with them as text).
    static func guessTextColumns(_ bytes: UnsafePointer<UInt8>, _ end: Int, _ layout: Layout, _ options: CSVReadOptions) -> Set<Int> {
        var text = Set<Int>()
        forEachSampleRecord(bytes, end, layout, options) { fields in
            for c in layout.selected where c < fields.count && forcedType(c, layout, options) == nil && !text.contains(c) {
                if parseInteger(bytes, fields[c]) == nil, case .text = parseDouble(bytes, fields[c]) { text.insert(c) }
            }
        }
        return text
    }

    /// Calls `body` with the fields of each of the first 100 well-formed data records (the
    /// sample the column types are guessed from).
    private static func forEachSampleRecord(_ bytes: UnsafePointer<UInt8>, _ end: Int, _ layout: Layout,
                                            _ options: CSVReadOptions, _ body: ([Field]) -> Void) {
        var fields: [Field] = []
        var position = layout.dataStart, records = 0
        while position < end, records < 100 {
            position = nextRecord(bytes, position, end, options.separator, &fields)
            if fields.isEmpty || fields.count > layout.width { continue }
            records += 1
            body(fields)
        }
    }

    /// The numeric kind each selected numeric column starts with: float when a dtype says so or
    /// the first rows hold a float (the column is float then), else integer.
    static func guessKinds(_ bytes: UnsafePointer<UInt8>, _ end: Int, _ layout: Layout, _ plan: ColumnPlan,
                           _ options: CSVReadOptions) -> [NumericKind] {
        var kinds: [NumericKind] = plan.numericColumns.map { c in
            forcedType(c, layout, options)?.isFloatingPoint == true ? .doubles : .integers
        }
        forEachSampleRecord(bytes, end, layout, options) { fields in
            for (slot, c) in plan.numericColumns.enumerated() where kinds[slot] == .integers {
                let field = c < fields.count ? fields[c] : Field(start: 0, end: 0, escapedQuotes: false)
                if parseInteger(bytes, field) == nil, case .number = parseDouble(bytes, field) { kinds[slot] = .doubles }
            }
        }
        return kinds
    }

    static func makePlan(_ layout: Layout, textColumns: Set<Int>, _ options: CSVReadOptions) -> ColumnPlan {
        var plan = ColumnPlan(actions: Array(repeating: ColumnPlan.skipColumn, count: layout.width), numericColumns: [],
                              numericForced: [], numericForcedName: [], textColumns: [], width: layout.width,
                              separator: options.separator)
        for c in layout.selected {
            let forced = forcedType(c, layout, options)
            if forced == .string || (forced == nil && textColumns.contains(c)) {
                plan.actions[c] = ColumnPlan.textAction(plan.textColumns.count)
                plan.textColumns.append(c)
            } else {
                plan.actions[c] = plan.numericColumns.count
                plan.numericColumns.append(c)
                plan.numericForced.append(forced != nil)
                plan.numericForcedName.append(forced?.name ?? "")
            }
        }
        return plan
    }
}
