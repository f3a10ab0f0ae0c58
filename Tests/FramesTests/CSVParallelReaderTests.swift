import Foundation
import Frames
import Tensor
import XCTest

/// The parallel reader against `ReferenceCSV` on seeded random files, at several thread counts
/// and chunk sizes (tiny chunks put cuts inside quoted fields and inside CRLF pairs).
final class CSVParallelReaderTests: XCTestCase {
    struct Shape {
        var crlf = false
        var bom = false
        var finalNewline = true
        var blankLines = false
        var quotedText = true
        var mixedColumn = true
    }

    /// A random file: id (int, sometimes "-0"/"+7"/"007"), rating (short decimals, long ones,
    /// exponents, missing values), title (quoted, with separators, doubled quotes and line
    /// breaks), count (int, sometimes quoted), and a column that turns to text half way.
    static func makeFile(rows: Int, seed: UInt64, shape: Shape) -> [UInt8] {
        var random = SplitMix(state: seed)
        let end = shape.crlf ? "\r\n" : "\n"
        var text = (shape.bom ? "\u{FEFF}" : "") + "id,rating,title,count,mixed" + end
        let words = ["alpha", "beta", "Gamma, the", "say \"\"hi\"\"", "line\nbreak", "crlf\r\ninside", "ünïcødé", "x"]
        for row in 0..<rows {
            var fields: [String] = []
            switch random.below(20) {
            case 0: fields.append("-0")
            case 1: fields.append("+\(random.below(100))")
            case 2: fields.append("00\(random.below(10))")
            default: fields.append(String(random.below(200_000) - 1000))
            }
            switch random.below(12) {
            case 0: fields.append("")
            case 1: fields.append("NA")
            case 2: fields.append(String(format: "%.17g", Double(random.next() % 1_000_000_007) / 7_919.0))
            case 3: fields.append("\(random.below(90) + 1)e-\(random.below(30))")
            case 4: fields.append("-0.0")
            case 5: fields.append("\"\(random.below(10)).5\"")
            default: fields.append("\(random.below(10)).\(random.below(10))")
            }
            if shape.quotedText {
                let word = words[random.below(words.count)]
                fields.append(random.chance(70) ? "\"\(word) \(row)\"" : "plain\(row)")
            } else {
                fields.append("t\(random.below(1000))")
            }
            fields.append(random.chance(10) ? "\"\(random.below(50))\"" : String(random.below(1_000_000)))
            if shape.mixedColumn {
                fields.append(row > rows / 2 && random.chance(5) ? "word\(row)" : String(random.below(10)))
            } else {
                fields.append(String(random.below(10)))
            }
            if random.chance(3) { fields.removeLast(random.below(2) + 1) }  // short rows are padded
            text += fields.joined(separator: ",")
            if row < rows - 1 || shape.finalNewline { text += end }
            if shape.blankLines && random.chance(4) && row < rows - 1 { text += end }
        }
        if shape.blankLines && shape.finalNewline { text += end + end }
        return Array(text.utf8)
    }

    func checkAllSettings(_ bytes: [UInt8], _ context: String, threads: [Int] = [1, 2, 3, 7],
                          chunks: [Int?] = [16, 61, 1000, nil]) throws {
        let expected = try ReferenceCSV.frame(bytes)
        let path = try temporaryFile(String(decoding: bytes, as: UTF8.self))
        for threadCount in threads {
            for chunkBytes in chunks {
                var options = CSVReadOptions()
                options.threadCount = threadCount
                options.chunkByteCount = chunkBytes
                let frame = try CSVReader.read(path: path, options: options)
                assertIdentical(frame, expected, "\(context) threads=\(threadCount) chunk=\(chunkBytes.map(String.init) ?? "auto")")
            }
        }
    }

    func testMatchesReferenceOnQuotedLFFiles() throws {
        try checkAllSettings(Self.makeFile(rows: 600, seed: 1, shape: Shape()), "LF")
    }

    func testMatchesReferenceWithCRLFAndBOM() throws {
        try checkAllSettings(Self.makeFile(rows: 600, seed: 2, shape: Shape(crlf: true, bom: true)), "CRLF+BOM")
    }

    func testMatchesReferenceWithoutFinalNewlineAndWithBlankLines() throws {
        try checkAllSettings(Self.makeFile(rows: 500, seed: 3, shape: Shape(finalNewline: false, blankLines: true)), "no final newline")
        try checkAllSettings(Self.makeFile(rows: 500, seed: 4, shape: Shape(crlf: true, blankLines: true)), "CRLF + blank lines")
    }

    func testMatchesReferenceOnNumericFile() throws {
        // No quotes and no text: every record takes the fast path.
        let bytes = Self.makeFile(rows: 3000, seed: 5, shape: Shape(quotedText: false, mixedColumn: false))
        try checkAllSettings(bytes, "numeric", chunks: [16, 4096, nil])
    }

    func testManySeeds() throws {
        for seed in UInt64(10)..<22 {
            var random = SplitMix(state: seed)
            let shape = Shape(crlf: random.chance(50), bom: random.chance(50), finalNewline: random.chance(50),
                              blankLines: random.chance(50), quotedText: random.chance(80), mixedColumn: random.chance(50))
            try checkAllSettings(Self.makeFile(rows: 50 + random.below(300), seed: seed, shape: shape), "seed \(seed)",
                                 threads: [1, 3], chunks: [7, 33, 200])
        }
    }

    func testStrayQuoteInsideAFieldFallsBackToOnePiece() throws {
        // A quote inside an unquoted field is literal (pandas too), so quote parity misleads the
        // cuts after it; the reader notices the chunks do not join and reads in one piece.
        var text = "a,b,c\n"
        for i in 0..<300 { text += i == 40 ? "1,5'3\" tall,7\n" : "\(i),\"q\n\(i)\",\(i * 3)\n" }
        try checkAllSettings(Array(text.utf8), "stray quote", threads: [1, 2, 3], chunks: [16, 100, nil])
    }

    func testUsecolsAndRowLimitAtTinyChunks() throws {
        let bytes = Self.makeFile(rows: 400, seed: 6, shape: Shape(crlf: true))
        let path = try temporaryFile(String(decoding: bytes, as: UTF8.self))
        let full = try ReferenceCSV.frame(bytes)
        var options = CSVReadOptions()
        options.chunkByteCount = 20
        options.threadCount = 3
        options.columns = [.position(3), .name("id"), .position(1)]
        assertIdentical(try CSVReader.read(path: path, options: options), try full.selecting(["id", "rating", "count"]), "usecols")
        options.rowLimit = 37
        let limited = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(limited.rowCount, 37)
        XCTAssertEqual(limited.columns[0], full.columns[0].taking(Array(0..<37)))
    }

    func testResultDoesNotDependOnThreadsAtDefaultChunks() throws {
        // 10 MB: several default-size chunks.
        var text = "userId,movieId,rating,timestamp\n"
        var random = SplitMix(state: 9)
        for _ in 0..<420_000 {
            text += "\(random.below(138_493) + 1),\(random.below(131_262) + 1),\(Double(random.below(10) + 1) / 2),\(1_000_000_000 + random.below(400_000_000))\n"
        }
        let path = try temporaryFile(text)
        var options = CSVReadOptions()
        options.threadCount = 1
        let one = try CSVReader.read(path: path, options: options)
        options.threadCount = 2
        let two = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(one.rowCount, 420_000)
        XCTAssertEqual(one.dtypeNames, ["int64", "int64", "float64", "int64"])
        assertIdentical(two, one, "2 threads vs 1")
        assertIdentical(one, try ReferenceCSV.frame(Array(text.utf8)), "vs reference")
    }

    func testProgressIsReportedUpToTheTotal() throws {
        let bytes = Self.makeFile(rows: 2000, seed: 7, shape: Shape())
        let path = try temporaryFile(String(decoding: bytes, as: UTF8.self))
        var calls: [(Int, Int)] = []
        var options = CSVReadOptions()
        options.chunkByteCount = 512
        options.progress = { calls.append(($0, $1)) }
        _ = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(calls.last?.0, bytes.count)
        XCTAssertEqual(calls.last?.1, bytes.count)
        XCTAssertEqual(calls.map(\.0), calls.map(\.0).sorted())
    }
}
