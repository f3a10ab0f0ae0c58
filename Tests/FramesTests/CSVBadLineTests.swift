import Foundation
import Frames
import Tensor
import XCTest

/// Malformed lines and non-numbers, as pandas reports them, whichever chunk they fall in.
final class CSVBadLineTests: XCTestCase {
    /// `rows` ratings lines; a quoted title with a line break every 50th row and a blank line
    /// every 70th (pandas numbers records: neither adds a line number).
    static func ratingsText(rows: Int, badAt bad: Set<Int> = [], seed: UInt64 = 1) -> (text: String, lineOf: [Int: Int]) {
        var random = SplitMix(state: seed)
        var text = "userId,movieId,rating,title\n"
        var line = 2
        var lineOf: [Int: Int] = [:]
        for row in 0..<rows {
            lineOf[row] = line
            let title = row % 50 == 0 ? "\"two\nlines\"" : "t\(row)"
            let extra = bad.contains(row) ? ",\(row)" : ""
            text += "\(random.below(1000)),\(random.below(5000)),\(random.below(10)).5,\(title)\(extra)\n"
            line += 1
            if row % 70 == 69 { text += "\n"; line += 1 }
        }
        return (text, lineOf)
    }

    func testMalformedLineInTheMiddleNamesItsLine() throws {
        let rows = 20_000, bad = 12_345
        let (text, lineOf) = Self.ratingsText(rows: rows, badAt: [bad])
        let path = try temporaryFile(text)
        let line = try XCTUnwrap(lineOf[bad])
        for threads in [1, 2, 3] {
            for chunk in [100, 4096, nil] as [Int?] {
                var options = CSVReadOptions()
                options.threadCount = threads
                options.chunkByteCount = chunk
                XCTAssertThrowsError(try CSVReader.read(path: path, options: options)) { error in
                    XCTAssertEqual((error as? FrameError)?.kind, .parser)
                    XCTAssertEqual((error as? FrameError)?.message, "Error tokenizing data. C error: Expected 4 fields in line \(line), saw 5")
                }
            }
        }
    }

    func testTheFirstOfSeveralMalformedLinesIsReported() throws {
        let (text, lineOf) = Self.ratingsText(rows: 5000, badAt: [4000, 777, 2500])
        var options = CSVReadOptions()
        options.chunkByteCount = 64
        options.threadCount = 3
        XCTAssertThrowsError(try CSVReader.read(path: try temporaryFile(text), options: options)) { error in
            XCTAssertEqual((error as? FrameError)?.message, "Error tokenizing data. C error: Expected 4 fields in line \(lineOf[777] ?? 0), saw 5")
        }
    }

    func testSkipModeLeavesBadLinesOutAndCountsThem() throws {
        let bad: Set<Int> = [3, 999, 1000, 4321]
        let (text, lineOf) = Self.ratingsText(rows: 5000, badAt: bad)
        let (clean, _) = Self.ratingsText(rows: 5000)
        let path = try temporaryFile(text)
        // The clean file's rows minus the bad ones (their values come from the same random draws).
        let cleanFrame = try ReferenceCSV.frame(Array(clean.utf8))
        let kept = (0..<5000).filter { !bad.contains($0) }
        for threads in [1, 2, 3] {
            var options = CSVReadOptions()
            options.badLines = .skip
            options.threadCount = threads
            options.chunkByteCount = 333
            let result = try CSVReader.readWithReport(path: path, options: options)
            XCTAssertEqual(result.skippedLineCount, 4)
            XCTAssertEqual(result.expectedFieldCount, 4)
            XCTAssertEqual(result.skippedLines, bad.sorted().map { CSVReadResult.SkippedLine(line: lineOf[$0] ?? 0, fieldCount: 5) })
            XCTAssertEqual(result.frame.rowCount, 4996)
            for (a, b) in zip(result.frame.columns, cleanFrame.columns) {
                XCTAssertEqual(a, b.taking(kept), "threads \(threads)")
            }
        }
    }

    func testTextInAColumnADtypeMakesNumericNamesLineAndColumn() throws {
        let path = try temporaryFile("a,b,c\n1,2.5,3\n\n4,x5,6\n")
        var options = CSVReadOptions()
        options.columnTypes = ["b": .float64]
        XCTAssertThrowsError(try CSVReader.read(path: path, options: options)) { error in
            XCTAssertEqual((error as? FrameError)?.kind, .value)
            XCTAssertEqual((error as? FrameError)?.message, "could not convert string to float: 'x5' (line 4, column 'b')")
        }
        options.columnTypes = ["c": .int64]
        let text = "a,b,c\n" + (0..<3000).map { "\($0),\($0).5,\($0 == 2500 ? "7z" : String($0))\n" }.joined()
        options.chunkByteCount = 100
        XCTAssertThrowsError(try CSVReader.read(path: try temporaryFile(text), options: options)) { error in
            XCTAssertEqual((error as? FrameError)?.message, "invalid literal for int() with base 10: '7z' (line 2502, column 'c')")
        }
        // Without a dtype the column is text (object), as in pandas.
        XCTAssertEqual(try CSVReader.parse(text: text).dtypeNames, ["int64", "float64", "object"])
    }

    func testEmptyAndHeaderOnlyFiles() throws {
        XCTAssertThrowsError(try CSVReader.read(path: try temporaryFile(""))) { error in
            XCTAssertEqual((error as? FrameError)?.message, "No columns to parse from file")
        }
        let frame = try CSVReader.read(path: try temporaryFile("a,b\r\n"))
        XCTAssertEqual(frame.columnNames, ["a", "b"])
        XCTAssertEqual(frame.rowCount, 0)
    }

    /// `shouldStop` (a Jupyter interrupt) ends a long read between chunks with
    /// `FrameError(.interrupted)`; without it the same read completes.
    func testShouldStopInterruptsTheRead() throws {
        let (text, _) = Self.ratingsText(rows: 200_000)
        let path = try temporaryFile(text)
        var options = CSVReadOptions()
        options.threadCount = 2
        options.chunkByteCount = 1000
        options.progressInterval = 0.0001
        options.shouldStop = { true }
        XCTAssertThrowsError(try CSVReader.read(path: path, options: options)) { error in
            XCTAssertEqual((error as? FrameError)?.kind, .interrupted)
        }
        options.shouldStop = { false }
        XCTAssertEqual(try CSVReader.read(path: path, options: options).rowCount, 200_000)
    }
}
