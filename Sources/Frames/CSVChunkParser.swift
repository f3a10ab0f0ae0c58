// Parses the records of one chunk of a CSV file into preallocated column buffers: a fast path
// for plain numeric records, the general tokenizer for anything else (quotes, text, missing
// values, short or long rows).
import Foundation

extension CSVReader {
    /// What the parser does with each column of the file.
    struct ColumnPlan {
        /// Per file column: `>= 0` a numeric slot, `skipColumn`, or `textColumn - slot` (≤ -2).
        var actions: [Int]
        /// Per numeric slot: the file column, and whether a dtype forces it numeric (text is
        /// then an error naming the line, as pandas raises "could not convert string to float").
        var numericColumns: [Int]
        var numericForced: [Bool]
        var numericForcedName: [String]
        /// Per text slot: the file column.
        var textColumns: [Int]
        var width: Int
        var separator: UInt8
        static let skipColumn = -1
        static func textAction(_ slot: Int) -> Int { -2 - slot }
    }

    /// The reading of a numeric slot within one chunk.
    enum NumericKind { case integers, doubles }

    /// Why a chunk stopped early.
    enum ChunkIssue {
        /// A record with more fields than the header (`record`: 0-based within the chunk).
        case badLine(record: Int, fields: Int)
        /// Text in a column a dtype makes numeric.
        case notNumber(record: Int, column: Int, text: String)
        /// Text in a numeric column: the read restarts with that column as text.
        case needsText(column: Int)
        /// More rows than the slots reserved (the chunk did not start at a record start).
        case overflow

        var isOverflow: Bool {
            if case .overflow = self { return true }
            return false
        }
    }

    /// The state and result of parsing one chunk `start..<limit` (records that start before
    /// `limit`; the last may run past it). Rows go to slots `rowBase ..< rowBase + capacity`.
    struct ChunkResult {
        var start: Int
        var limit: Int
        var rowBase: Int
        var capacity: Int
        var rowLimit: Int = .max
        /// The position after the last record read (== `limit` when the chunk ended where the
        /// next one starts).
        var end: Int = 0
        var rows = 0
        /// Records read, blank lines included (pandas numbers lines by records).
        var records = 0
        var kinds: [NumericKind] = []
        /// Chunk-local rows of integer slots that read "-0" (-0.0 if the column becomes float).
        var negativeZeroRows: [[Int]] = []
        var texts: [[String]] = []
        var issue: ChunkIssue?
        var skippedCount = 0
        var skipped: [(record: Int, fields: Int)] = []
        static let keptSkippedLines = 1000

        init(start: Int, limit: Int, rowBase: Int, capacity: Int, plan: ColumnPlan, kinds: [NumericKind]) {
            self.start = start
            self.limit = limit
            self.rowBase = rowBase
            self.capacity = capacity
            self.end = start
            self.kinds = kinds
            negativeZeroRows = Array(repeating: [], count: kinds.count)
            texts = Array(repeating: [], count: plan.textColumns.count)
        }
    }

    /// Parses `chunk` from the bytes `0..<end` of the data into `columns` (8-byte slots; Int or
    /// Double bit patterns as `chunk.kinds` says). `skipBadLines`: pandas' `on_bad_lines='skip'`.
    static func parseChunk(_ chunk: inout ChunkResult, bytes: UnsafePointer<UInt8>, end: Int, plan: ColumnPlan,
                           columns: [UnsafeMutableRawPointer], skipBadLines: Bool) {
        plan.actions.withUnsafeBufferPointer { actions in
            columns.withUnsafeBufferPointer { columns in
                parseChunk(&chunk, bytes: bytes, end: end, plan: plan, actions: actions, columns: columns,
                           skipBadLines: skipBadLines)
            }
        }
    }

    private static func parseChunk(_ chunk: inout ChunkResult, bytes: UnsafePointer<UInt8>, end: Int, plan: ColumnPlan,
                                   actions: UnsafeBufferPointer<Int>, columns: UnsafeBufferPointer<UnsafeMutableRawPointer>,
                                   skipBadLines: Bool) {
        let separator = plan.separator, width = plan.width
        let limit = Swift.min(chunk.limit, end)
        let capacity = chunk.capacity, rowLimit = chunk.rowLimit
        // Per file column: the action, with a numeric slot's kind folded in (slot << 1 | float).
        let codes = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(width, 1))
        defer { codes.deallocate() }
        for (c, action) in actions.enumerated() {
            codes[c] = action >= 0 ? (action << 1 | (chunk.kinds[action] == .doubles ? 1 : 0)) : action
        }
        guard let codeBase = codes.baseAddress, let columnBase = columns.baseAddress ?? UnsafePointer(bitPattern: 8) else { return }
        var p = chunk.start
        var general = GeneralPath(fields: [])
        general.fields.reserveCapacity(width + 1)
        defer { chunk.end = p }
        while p < limit, chunk.rows < rowLimit {
            let first = bytes[p]
            if first == newline || first == carriage {  // blank line: a record for line numbers only
                p += (first == carriage && p + 1 < end && bytes[p + 1] == newline) ? 2 : 1
                chunk.records += 1
                continue
            }
            if chunk.rows == capacity {
                chunk.issue = .overflow
                return
            }
            let slot = (chunk.rowBase + chunk.rows) &* 8
            chunk.records += 1
            if let next = fastRecord(bytes, p, end, codes: codeBase, width: width, columns: columnBase, slot: slot,
                                     separator: separator) {
                p = next
                chunk.rows += 1
                continue
            }
            guard let next = general.record(&chunk, bytes, p, end, plan: plan, actions: actions, codes: codes,
                                            columns: columns, slot: slot, skipBadLines: skipBadLines) else { return }
            p = next
        }
    }

    /// One record the quick way: every kept field an unquoted number of its column's kind (or an
    /// empty float), every skipped field unquoted, exactly `width` fields. Nil means "take the
    /// general path" (nothing is final until the row is counted, so a half-written row is fine).
    @inline(__always)
    private static func fastRecord(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, codes: UnsafePointer<Int>,
                                   width: Int, columns: UnsafePointer<UnsafeMutableRawPointer>, slot: Int,
                                   separator: UInt8) -> Int? {
        var p = start
        var column = 0
        while true {
            let code = codes[column]
            if code >= 0 {
                guard let next = numberField(bytes, p, end, isFloat: code & 1 != 0, into: columns[code >> 1], slot: slot) else {
                    return nil
                }
                p = next
            } else if code == ColumnPlan.skipColumn {
                if p < end, bytes[p] == quote { return nil }
                p = fieldEnd(bytes, p, end, separator: separator)
            } else {
                return nil
            }
            column += 1
            if column == width {
                if p >= end { return p }
                let byte = bytes[p]
                if byte == newline { return p + 1 }
                if byte == carriage { return p + ((p + 1 < end && bytes[p + 1] == newline) ? 2 : 1) }
                return nil  // a separator (too many fields) or stray bytes after a number
            }
            guard p < end, bytes[p] == separator else { return nil }  // a short row, or stray bytes
            p += 1
        }
    }

    /// A number at `start`: sign and digits, and for a float column one point and more digits
    /// (at most 15 digits: `mantissa / 10^k` is then exactly strtod's double). Stores it in slot
    /// `slot` (a byte offset) of `column`; returns the position after it, or nil.
    @inline(__always)
    private static func numberField(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, isFloat: Bool,
                                    into column: UnsafeMutableRawPointer, slot: Int) -> Int? {
        var q = start
        var negative = false
        if q < end, bytes[q] &- 48 > 9 {
            let sign = bytes[q]
            if sign == UInt8(ascii: "-") { negative = true; q += 1 } else if sign == UInt8(ascii: "+") { q += 1 }
        }
        let integer = digitRun(bytes, q, end)
        q += integer.count
        var mantissa = integer.value
        var digits = integer.count
        if !isFloat {
            guard digits >= 1, digits <= 18, !(negative && mantissa == 0) else { return nil }
            let value = Int(truncatingIfNeeded: mantissa)
            column.storeBytes(of: negative ? -value : value, toByteOffset: slot, as: Int.self)
            return q
        }
        var fraction = 0
        if q < end, bytes[q] == UInt8(ascii: ".") {
            // One decimal ("3.5", as ratings have) without the eight-byte step.
            if q + 2 < end, bytes[q + 2] &- 48 > 9 {
                let digit = bytes[q + 1] &- 48
                if digit <= 9 {
                    q += 2
                    digits += 1
                    if digit != 0 {
                        fraction = 1
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                    }
                    guard digits <= 15 else { return nil }
                    let whole = Double(Int64(bitPattern: mantissa))
                    let value = fraction == 0 ? whole : whole / 10
                    column.storeBytes(of: negative ? -value : value, toByteOffset: slot, as: Double.self)
                    return q
                }
            }
            let decimals = digitRun(bytes, q + 1, end)
            q += 1 + decimals.count
            digits += decimals.count
            if decimals.value != 0 {  // "4.0" is the integer itself, no division needed
                guard digits <= 15 else { return nil }
                fraction = decimals.count
                mantissa = mantissa &* powerOfTen(fraction) &+ decimals.value
            }
        }
        if digits == 0 {
            // Only an empty field is a quick NaN; "-", "." and the like go the long way.
            guard q == start else { return nil }
            column.storeBytes(of: Double.nan, toByteOffset: slot, as: Double.self)
            return q
        }
        guard digits <= 15 else { return nil }
        let whole = Double(Int64(bitPattern: mantissa))
        // 10^fraction (≤ 10^15) is exact as a double.
        let value = fraction == 0 ? whole : whole / Double(Int64(bitPattern: powerOfTen(fraction)))
        column.storeBytes(of: negative ? -value : value, toByteOffset: slot, as: Double.self)
        return q
    }

    /// The general path, kept out of the fast loop: tokenize the record, then convert each
    /// kept field with the full rules (missing markers, strtod, promotion to float, text).
    struct GeneralPath {
        var fields: [Field]

        /// Reads the record at `start` into row slot `slot`; returns the position after it, or
        /// nil when the chunk must stop (`chunk.issue` says why).
        @inline(never)
        mutating func record(_ chunk: inout ChunkResult, _ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                             plan: ColumnPlan, actions: UnsafeBufferPointer<Int>, codes: UnsafeMutableBufferPointer<Int>,
                             columns: UnsafeBufferPointer<UnsafeMutableRawPointer>, slot: Int, skipBadLines: Bool) -> Int? {
            let next = nextRecord(bytes, start, end, plan.separator, &fields)
            let record = chunk.records - 1
            if fields.count > plan.width {
                if !skipBadLines {
                    chunk.issue = .badLine(record: record, fields: fields.count)
                    return nil
                }
                chunk.skippedCount += 1
                if chunk.skipped.count < ChunkResult.keptSkippedLines { chunk.skipped.append((record, fields.count)) }
                return next
            }
            let rows = chunk.rows, rowBase = chunk.rowBase
            for (file, action) in actions.enumerated() where action != ColumnPlan.skipColumn {
                let field = file < fields.count ? fields[file] : Field(start: 0, end: 0, escapedQuotes: false)
                if action < 0 {
                    let text = string(bytes, field)
                    chunk.texts[-2 - action].append(isMissingMarker(text) ? "NaN" : text)
                    continue
                }
                let column = columns[action]
                if chunk.kinds[action] == .integers, let integer = parseInteger(bytes, field) {
                    column.storeBytes(of: integer.value, toByteOffset: slot, as: Int.self)
                    if integer.isNegativeZero { chunk.negativeZeroRows[action].append(rows) }
                    continue
                }
                switch parseDouble(bytes, field) {
                case .number(let value):
                    if chunk.kinds[action] == .integers {
                        convertToDoubles(column, rows: rowBase..<(rowBase + rows), negativeZeros: chunk.negativeZeroRows[action],
                                         rowBase: rowBase)
                        chunk.negativeZeroRows[action] = []
                        chunk.kinds[action] = .doubles
                        codes[file] |= 1
                    }
                    column.storeBytes(of: value, toByteOffset: slot, as: Double.self)
                case .text(let text):
                    chunk.issue = plan.numericForced[action]
                        ? .notNumber(record: record, column: plan.numericColumns[action], text: text)
                        : .needsText(column: plan.numericColumns[action])
                    return nil
                }
            }
            chunk.rows += 1
            return next
        }
    }

    /// Rewrites the Int bit patterns of `rows` (absolute slots) as Doubles; `negativeZeros`
    /// (rows relative to `rowBase`) become -0.0, as strtod reads "-0".
    static func convertToDoubles(_ column: UnsafeMutableRawPointer, rows: Range<Int>, negativeZeros: [Int], rowBase: Int) {
        for row in rows {
            let value = column.load(fromByteOffset: row &* 8, as: Int.self)
            column.storeBytes(of: Double(value), toByteOffset: row &* 8, as: Double.self)
        }
        for row in negativeZeros {
            column.storeBytes(of: -0.0 as Double, toByteOffset: (rowBase + row) &* 8, as: Double.self)
        }
    }
}
