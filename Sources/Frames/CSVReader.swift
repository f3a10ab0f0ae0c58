import Foundation
import Tensor

/// Options of `CSVReader.read`, as pandas' `read_csv` names them.
public struct CSVReadOptions {
    /// Which columns to keep: by position or by name (pandas `usecols`).
    public enum ColumnSelector: Equatable {
        case position(Int)
        case name(String)
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

    public init() {}
}

/// pandas' `read_csv` for the files MovieLens ships: RFC 4180 quoting (doubled quotes, separators
/// and newlines inside quotes), CRLF or LF line ends, a UTF-8 byte-order mark, a missing final
/// newline, blank lines skipped.
///
/// Columns are typed like pandas: all integers → int64; numbers with a decimal point, exponent or
/// a missing value → float64 (missing → NaN); anything else → object (str). Numbers are parsed
/// straight from the bytes (no String per numeric field). Rows with fewer fields are padded with
/// missing values; a row with more fields than the header is an error naming its line, as
/// pandas' C parser reports it.
///
/// The parser works on a byte range of rows (`parseRows`), so a later version can split a big
/// file at line boundaries and parse the pieces on several cores.
public enum CSVReader {
    /// Reads `path` into a DataFrame.
    /// - Throws: `FrameError(.fileNotFound)` "[Errno 2] No such file or directory: 'x.csv'";
    ///   `.parser` "Error tokenizing data. C error: Expected 3 fields in line 7, saw 4";
    ///   `.value` for usecols naming absent columns or a dtype a column cannot take.
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw FrameError(.fileNotFound, "[Errno 21] Is a directory: '\(path)'")
            }
            throw FrameError(.fileNotFound, "[Errno 2] No such file or directory: '\(path)'")
        }
        var bytes = [UInt8](data)
        bytes.append(0)  // strtod stops at the terminator after an unterminated last field
        return try parse(bytes: bytes, options: options)
    }

    /// Parses CSV text already in memory.
    public static func parse(text: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return try parse(bytes: bytes, options: options)
    }

    /// A field's byte range (`start..<end`, quotes removed) and whether it held a doubled quote.
    struct Field {
        var start: Int
        var end: Int
        var escapedQuotes: Bool
    }

    /// Reads one record starting at `position`; returns the fields, the next position and the
    /// line count pandas' messages advance by (1 per record, blank lines included). Blank lines return an empty field list.
    static func nextRecord(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int,
                           _ separator: UInt8, _ fields: inout [Field]) -> (next: Int, lines: Int) {
        fields.removeAll(keepingCapacity: true)
        var p = position
        let lines = 1  // pandas numbers records, not physical lines: quoted newlines do not count
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        if p < end, bytes[p] == newline || bytes[p] == carriage {
            if bytes[p] == carriage, p + 1 < end, bytes[p + 1] == newline { p += 1 }
            return (p + 1, 1)
        }
        while true {
            if p < end, bytes[p] == quote {
                p += 1
                let start = p
                var escaped = false
                while p < end {
                    if bytes[p] == quote {
                        if p + 1 < end, bytes[p + 1] == quote { escaped = true; p += 2; continue }
                        break
                    }
                    p += 1
                }
                fields.append(Field(start: start, end: p, escapedQuotes: escaped))
                p += 1  // closing quote
                while p < end, bytes[p] != separator, bytes[p] != newline, bytes[p] != carriage { p += 1 }
            } else {
                let start = p
                while p < end, bytes[p] != separator, bytes[p] != newline, bytes[p] != carriage { p += 1 }
                fields.append(Field(start: start, end: p, escapedQuotes: false))
            }
            if p < end, bytes[p] == separator { p += 1; continue }
            if p < end, bytes[p] == carriage { p += 1 }
            if p < end, bytes[p] == newline { p += 1 }
            return (p, lines)
        }
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Field) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self)
        return field.escapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// pandas' default missing-value markers.
    static let missingMarkers: Set<String> = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
                                               "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None",
                                               "n/a", "nan", "null"]

    /// A column being built in place: integers until a field needs float, float until one needs
    /// text (text restarts the parse with that column read as strings).
    final class ColumnBuilder {
        enum Kind { case integers, doubles, strings }
        var kind: Kind
        var integers: [Int] = []
        var doubles: [Double] = []
        var strings: [String] = []
        init(_ kind: Kind) { self.kind = kind }

        var array: NDArray {
            switch kind {
            case .integers: return NDArray(integers)
            case .doubles: return NDArray(doubles)
            case .strings: return NDArray(strings)
            }
        }
    }

    struct NeedsText: Error { let column: Int }

    static func parse(bytes: [UInt8], options: CSVReadOptions) throws -> DataFrame {
        var forcedText = Set<Int>()
        while true {
            do {
                return try bytes.withUnsafeBufferPointer { buffer in
                    try parseAll(buffer, options: options, forcedText: forcedText)
                }
            } catch let signal as NeedsText {
                forcedText.insert(signal.column)
            }
        }
    }

    private static func parseAll(_ buffer: UnsafeBufferPointer<UInt8>, options: CSVReadOptions,
                                 forcedText: Set<Int>) throws -> DataFrame {
        let end = buffer.count - 1  // the appended terminator
        var position = 0
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        var fields: [Field] = []
        var line = 1

        // Header.
        var fileNames: [String] = []
        if let headerRow = options.headerRow {
            var seen = 0
            while position < end {
                let (next, lines) = nextRecord(buffer, position, end, options.separator, &fields)
                position = next
                line += lines
                if fields.isEmpty { continue }
                if seen == headerRow { fileNames = fields.map { string(buffer, $0) }; break }
                seen += 1
            }
            if fileNames.isEmpty { throw FrameError(.value, "No columns to parse from file") }
        }
        // Peek the width when there is no header.
        var width = fileNames.count
        if options.headerRow == nil {
            var probe = position
            while probe < end {
                let (next, _) = nextRecord(buffer, probe, end, options.separator, &fields)
                probe = next
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

        // Column selection, in file order.
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

        func forcedType(_ column: Int) -> NDArrayDType? {
            options.columnTypes[fileNames[column]] ?? options.allColumnsType
        }
        let builders: [ColumnBuilder] = selected.map { c in
            if forcedText.contains(c) || forcedType(c) == .string { return ColumnBuilder(.strings) }
            if let t = forcedType(c), t.isFloatingPoint { return ColumnBuilder(.doubles) }
            return ColumnBuilder(.integers)
        }

        var rows = 0
        let limit = options.rowLimit ?? Int.max
        while position < end, rows < limit {
            let rowLine = line
            let (next, lines) = nextRecord(buffer, position, end, options.separator, &fields)
            position = next
            line += lines
            if fields.isEmpty { continue }
            if fields.count > width {
                throw FrameError(.parser, "Error tokenizing data. C error: Expected \(width) fields in line \(rowLine), saw \(fields.count)")
            }
            for (s, c) in selected.enumerated() {
                let field = c < fields.count ? fields[c] : Field(start: 0, end: 0, escapedQuotes: false)
                try append(field, from: buffer, to: builders[s], column: c)
            }
            rows += 1
        }

        var columns: [(String, NDArray)] = []
        for (s, c) in selected.enumerated() {
            var array = builders[s].array
            if let t = forcedType(c), t != array.dtype {
                do { array = try array.converted(to: t) } catch let error as NDArrayError {
                    throw FrameError(.value, error.message)
                }
            }
            columns.append((fileNames[c], array))
        }
        return try DataFrame(columns: columns, index: .range(rows))
    }

    /// Appends one field to a builder, promoting int → float; signals a text column otherwise.
    @inline(__always)
    private static func append(_ field: Field, from buffer: UnsafeBufferPointer<UInt8>,
                               to builder: ColumnBuilder, column: Int) throws {
        switch builder.kind {
        case .integers:
            if let i = parseInteger(buffer, field) {
                builder.integers.append(i)
            } else if let d = try parseDouble(buffer, field, column: column) {
                builder.doubles = builder.integers.map(Double.init)
                builder.doubles.append(d)
                builder.integers = []
                builder.kind = .doubles
            }
        case .doubles:
            if let d = try parseDouble(buffer, field, column: column) { builder.doubles.append(d) }
        case .strings:
            let text = string(buffer, field)
            builder.strings.append(missingMarkers.contains(text) ? "NaN" : text)
        }
    }

    /// Powers of ten exactly representable as doubles.
    static let exactPowersOfTen: [Double] = (0...22).map { Foundation.pow(10.0, Double($0)) }

    /// `[-]digits[.digits]` with at most 15 significant digits, computed exactly as
    /// `mantissa / 10^k` (one correctly rounded division, so the same double strtod gives).
    @inline(__always)
    static func parseShortDecimal(_ buffer: UnsafeBufferPointer<UInt8>, _ field: Field) -> Double? {
        var p = field.start
        let end = field.end
        guard p < end else { return nil }
        let negative = buffer[p] == UInt8(ascii: "-")
        if negative || buffer[p] == UInt8(ascii: "+") { p += 1 }
        var mantissa = 0, digits = 0, fraction = -1
        while p < end {
            let byte = buffer[p]
            if byte == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                let digit = Int(byte) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                mantissa = mantissa * 10 + digit
                digits += 1
                if fraction >= 0 { fraction += 1 }
            }
            p += 1
        }
        guard digits > 0, digits <= 15, fraction <= 22 else { return nil }
        let value = Double(mantissa) / exactPowersOfTen[Swift.max(fraction, 0)]
        return negative ? -value : value
    }

    /// An optional sign and up to 18 digits; nil otherwise.
    @inline(__always)
    static func parseInteger(_ buffer: UnsafeBufferPointer<UInt8>, _ field: Field) -> Int? {
        var p = field.start
        let end = field.end
        guard p < end else { return nil }
        var negative = false
        if buffer[p] == UInt8(ascii: "-") || buffer[p] == UInt8(ascii: "+") {
            negative = buffer[p] == UInt8(ascii: "-")
            p += 1
        }
        guard p < end, end - p <= 18 else { return nil }
        var value = 0
        while p < end {
            let digit = Int(buffer[p]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            p += 1
        }
        return negative ? -value : value
    }

    /// A float from the field's bytes (strtod), NaN for a missing marker; throws `NeedsText` for text.
    static func parseDouble(_ buffer: UnsafeBufferPointer<UInt8>, _ field: Field, column: Int) throws -> Double? {
        if field.start == field.end { return .nan }
        if !field.escapedQuotes, let quick = parseShortDecimal(buffer, field) { return quick }
        guard let base = buffer.baseAddress else { return .nan }
        if !field.escapedQuotes {
            let start = UnsafeRawPointer(base + field.start).assumingMemoryBound(to: CChar.self)
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &stop)
            if let stop = stop, UnsafeRawPointer(stop) - UnsafeRawPointer(base) == field.end, field.end > field.start {
                let first = buffer[field.start]
                // strtod also accepts "inf"/"nan"/hex; pandas' markers are checked below.
                if (first >= 48 && first <= 57) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") {
                    return value
                }
            }
        }
        let text = string(buffer, field)
        if missingMarkers.contains(text) { return .nan }
        throw NeedsText(column: column)
    }
}
