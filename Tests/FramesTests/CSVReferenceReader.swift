import Foundation
import Frames
import Tensor
import XCTest

/// A deliberately simple CSV reader for checking `CSVReader`: one byte at a time, records as
/// string arrays, then pandas' typing rules column by column (int64 when every field is an
/// optionally signed run of 1–18 digits, float64 when every field is a number strtod reads whole
/// or a missing marker, else str with missing markers as "NaN").
enum ReferenceCSV {
    static let missing: Set<String> = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
                                       "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None",
                                       "n/a", "nan", "null"]

    /// Records of `bytes` (BOM dropped, blank lines skipped); a quote opens a quoted field only
    /// at a field's start, `""` inside quotes is one quote.
    static func records(_ text: [UInt8]) -> [[String]] {
        var bytes = text[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false, atFieldStart = true
        var i = bytes.startIndex
        func endField() { record.append(String(decoding: field, as: UTF8.self)); field = []; atFieldStart = true }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record = []
        }
        while i < bytes.endIndex {
            let byte = bytes[i]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\"") { field.append(byte); i += 1 } else { inQuotes = false }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && atFieldStart {
                inQuotes = true
                atFieldStart = false
            } else if byte == UInt8(ascii: ",") {
                endField()
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if byte == UInt8(ascii: "\r"), i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endRecord()
            } else {
                field.append(byte)
                atFieldStart = false
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty || inQuotes { endRecord() }
        return records
    }

    static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard (1...18).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    static func double(_ text: String) -> Double? {
        if missing.contains(text) { return .nan }
        guard let first = text.utf8.first, (first >= 48 && first <= 57) || first == 43 || first == 45 || first == 46,
              !text.lowercased().contains("x") else { return nil }
        return text.withCString { start -> Double? in
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &stop)
            return stop.map { $0 - UnsafeMutablePointer(mutating: start) } == text.utf8.count ? value : nil
        }
    }

    /// The frame pandas would build: header from the first record, short rows padded.
    static func frame(_ text: [UInt8]) throws -> DataFrame {
        let all = records(text)
        let header = all[0]
        let rows = all.dropFirst().map { $0 + Array(repeating: "", count: Swift.max(0, header.count - $0.count)) }
        var columns: [(String, NDArray)] = []
        for (c, name) in header.enumerated() {
            let fields = rows.map { $0[c] }
            let integers = fields.compactMap(integer)
            let doubles = fields.compactMap(double)
            if integers.count == fields.count {
                columns.append((name, NDArray(integers)))
            } else if doubles.count == fields.count {
                columns.append((name, NDArray(doubles)))
            } else {
                columns.append((name, NDArray(fields.map { missing.contains($0) ? "NaN" : $0 })))
            }
        }
        return try DataFrame(columns: columns)
    }
}

/// Asserts two frames hold the same names, dtypes and values; floats compared bit for bit
/// (NaN positions included).
func assertIdentical(_ actual: DataFrame, _ expected: DataFrame, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.columnNames, expected.columnNames, context, file: file, line: line)
    XCTAssertEqual(actual.rowCount, expected.rowCount, context, file: file, line: line)
    for (name, (a, b)) in zip(actual.columnNames, zip(actual.columns, expected.columns)) {
        XCTAssertEqual(a.dtype, b.dtype, "\(context): column \(name)", file: file, line: line)
        if case .float64(let x) = a.storage, case .float64(let y) = b.storage {
            let differing = zip(x, y).enumerated().first { $0.1.0.bitPattern != $0.1.1.bitPattern && !($0.1.0.isNaN && $0.1.1.isNaN) }
            XCTAssertNil(differing.map { "row \($0.0): \($0.1.0) vs \($0.1.1)" }, "\(context): column \(name)", file: file, line: line)
            XCTAssertEqual(x.count, y.count, file: file, line: line)
        } else {
            XCTAssertEqual(a, b, "\(context): column \(name)", file: file, line: line)
        }
    }
}

/// A seeded generator (SplitMix64) so every test file is the same run to run.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
