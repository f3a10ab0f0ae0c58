import Foundation
import Frames
import Tensor
import XCTest

final class CSVReaderTests: XCTestCase {
    func testReadsMovieLensRatingsLikePandas() throws {
        let fixture = try loadPandasFixture()
        let path = movieLensDirectory.appendingPathComponent("ratings.csv").path
        let frame = try CSVReader.read(path: path)
        XCTAssertEqual(frame.rowCount, fixture["ratings_rows"] as? Int)
        XCTAssertEqual(frame.rowCount, 100_836)
        XCTAssertEqual(frame.columnNames, ["userId", "movieId", "rating", "timestamp"])
        XCTAssertEqual(frame.dtypeNames, fixture["ratings_dtypes"] as? [String])
        XCTAssertEqual(FrameFormatter.text(frame.head()), fixture["full_head_text"] as? String)
    }

    func testUsecolsByPositionAndName() throws {
        let path = movieLensDirectory.appendingPathComponent("ratings.csv").path
        var options = CSVReadOptions()
        options.columns = [.position(2), .position(0), .position(1)]
        let frame = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(frame.columnNames, ["userId", "movieId", "rating"])  // file order, as pandas
        options.columns = [.name("rating")]
        options.rowLimit = 3
        let ratings = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(ratings.columns, [NDArray([4.0, 4.0, 4.0])])
        options.columns = [.name("nope")]
        XCTAssertThrowsError(try CSVReader.read(path: path, options: options)) {
            XCTAssertEqual(($0 as? FrameError)?.message, "Usecols do not match columns, columns expected but not found: ['nope']")
        }
    }

    func testReadsMoviesWithQuotedTitles() throws {
        let fixture = try loadPandasFixture()
        let frame = try CSVReader.read(path: movieLensDirectory.appendingPathComponent("movies.csv").path)
        XCTAssertEqual(frame.rowCount, fixture["movies_rows"] as? Int)
        XCTAssertEqual(frame.dtypeNames, fixture["movies_dtypes"] as? [String])
        let titles = try frame.column("title").values.strings()
        let expected = try XCTUnwrap(fixture["movies_titles_with_quotes"] as? [String])
        XCTAssertEqual(Array(titles.filter { $0.contains(",") }.prefix(5)), expected)
        XCTAssertEqual(FrameFormatter.text(frame.head()), fixture["movies_head_text"] as? String)
    }

    func testEdgeCases() throws {
        // BOM, CRLF, quotes with doubled quotes and separators, blank line, no final newline.
        let text = "\u{FEFF}id,name,score\r\n1,\"Smith, \"\"J\"\"\",2.5\r\n\r\n2,plain,\r\n3,\"multi\nline\",4"
        let frame = try CSVReader.read(path: try temporaryFile(text))
        XCTAssertEqual(frame.columnNames, ["id", "name", "score"])
        XCTAssertEqual(frame.columns[0], NDArray([1, 2, 3]))
        XCTAssertEqual(try frame.column("name").values.strings(), ["Smith, \"J\"", "plain", "multi\nline"])
        let scores = try frame.column("score").values.doubles()
        XCTAssertEqual(scores[0], 2.5)
        XCTAssertTrue(scores[1].isNaN)
        XCTAssertEqual(scores[2], 4)
    }

    func testHeaderNoneNamesAndDtype() throws {
        let path = try temporaryFile("1,2\n3,4\n")
        var options = CSVReadOptions()
        options.headerRow = nil
        XCTAssertEqual(try CSVReader.read(path: path, options: options).columnNames, ["0", "1"])
        options.names = ["a", "b"]
        options.columnTypes = ["b": .float64]
        let frame = try CSVReader.read(path: path, options: options)
        XCTAssertEqual(frame.columnNames, ["a", "b"])
        XCTAssertEqual(frame.columns, [NDArray([1, 3]), NDArray([2.0, 4.0])])
    }

    func testMalformedRowNamesItsLine() throws {
        let path = try temporaryFile("a,b,c\n1,2,3\n4,5,6\n\n7,8,9\n1,2,3\n1,2,3,4\n")
        XCTAssertThrowsError(try CSVReader.read(path: path)) { error in
            XCTAssertEqual((error as? FrameError)?.kind, .parser)
            XCTAssertEqual((error as? FrameError)?.message, "Error tokenizing data. C error: Expected 3 fields in line 7, saw 4")
        }
    }

    func testLineNumbersCountRecordsLikePandas() throws {
        // pandas: "Expected 3 fields in line 3, saw 4" (the quoted newline does not count).
        let path = try temporaryFile("a,b,c\n1,\"x\ny\",3\n1,2,3,4\n")
        XCTAssertThrowsError(try CSVReader.read(path: path)) { error in
            XCTAssertEqual((error as? FrameError)?.message, "Error tokenizing data. C error: Expected 3 fields in line 3, saw 4")
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try CSVReader.read(path: "x.csv")) { error in
            XCTAssertEqual((error as? FrameError)?.kind, .fileNotFound)
            XCTAssertEqual((error as? FrameError)?.message, "[Errno 2] No such file or directory: 'x.csv'")
        }
    }
}
