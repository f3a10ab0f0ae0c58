import Foundation
import Frames
import Tensor
import XCTest

/// DataFrame / Series behaviour and printed forms against pandas (fixture:
/// scripts/fixtures/make_pandas_fixtures.py on ../shared/data/ml-latest-small).
final class DataFrameTests: XCTestCase {
    var fixture: [String: Any] = [:]
    var ratings: DataFrame?

    override func setUpWithError() throws {
        fixture = try loadPandasFixture()
        var options = CSVReadOptions()
        options.columns = [.position(0), .position(1), .position(2)]
        ratings = try CSVReader.read(path: movieLensDirectory.appendingPathComponent("ratings.csv").path, options: options)
    }

    func testHeadTextAndHTMLMatchPandas() throws {
        let frame = try XCTUnwrap(ratings)
        XCTAssertEqual(FrameFormatter.text(frame.head()), fixture["ratings_head_text"] as? String)
        XCTAssertEqual(FrameFormatter.html(frame.head()), fixture["ratings_head_html"] as? String)
        XCTAssertEqual(FrameFormatter.text(frame), fixture["ratings_text"] as? String)
        XCTAssertEqual(FrameFormatter.html(frame), fixture["ratings_html"] as? String)
        let movies = try CSVReader.read(path: movieLensDirectory.appendingPathComponent("movies.csv").path)
        XCTAssertEqual(FrameFormatter.html(movies.head()), fixture["movies_head_html"] as? String)
    }

    func testSeriesPrinting() throws {
        let frame = try XCTUnwrap(ratings)
        let rating = try frame.column("rating")
        XCTAssertEqual(FrameFormatter.text(rating), fixture["rating_series_text"] as? String)
        XCTAssertEqual(FrameFormatter.text(rating.head()), fixture["rating_head_series_text"] as? String)
        XCTAssertEqual(FrameFormatter.text(rating.valueCounts()), fixture["value_counts_text"] as? String)
        let doubled = try Series.apply(.multiply, rating, NDArray(scalar: .int64(2)), rhsIsPythonScalar: true)
        XCTAssertEqual(FrameFormatter.text(doubled.head()), fixture["rating_times_2_head_text"] as? String)
        let divided = try Series.apply(.trueDivide, try frame.column("userId"), NDArray(scalar: .int64(7)), rhsIsPythonScalar: true)
        XCTAssertEqual(FrameFormatter.text(divided.head(3)), fixture["userId_div7_head_text"] as? String)
        let movies = try CSVReader.read(path: movieLensDirectory.appendingPathComponent("movies.csv").path)
        XCTAssertEqual(FrameFormatter.text(try movies.column("title").head()), fixture["title_head_series_text"] as? String)
    }

    func testDescribeAndStatistics() throws {
        let frame = try XCTUnwrap(ratings)
        XCTAssertEqual(FrameFormatter.text(try frame.describe()), fixture["describe_text"] as? String)
        XCTAssertEqual(NDArrayFormatter.pythonRepr(try frame.column("rating").mean()), fixture["rating_mean"] as? String)
        let users = try frame.column("userId")
        let expected = try XCTUnwrap(fixture["userId_min_max_nunique"] as? [Int])
        XCTAssertEqual(try users.minimum(), .int64(expected[0]))
        XCTAssertEqual(try users.maximum(), .int64(expected[1]))
        XCTAssertEqual(users.uniqueCount(), expected[2])
        XCTAssertEqual(try frame.column("movieId").uniqueCount(), fixture["movieId_nunique"] as? Int)
        XCTAssertEqual(try Series(values: NDArray([3, 1, 3, 2])).unique(), NDArray([3, 1, 2]))
    }

    func testSampleMatchesPandasRowOrder() throws {
        let frame = try XCTUnwrap(ratings)
        let shuffled = try frame.sample(fraction: 1, randomState: try RandomState(seed: 0))
        XCTAssertEqual(shuffled.rowCount, frame.rowCount)
        let labels = try shuffled.index.labelArray.ints()
        XCTAssertEqual(Array(labels.prefix(20)), fixture["sample_seed0_first20_index"] as? [Int])
        XCTAssertEqual(FrameFormatter.text(shuffled.head()), fixture["sample_seed0_head_text"] as? String)
        XCTAssertEqual(FrameFormatter.text(try shuffled.resettingIndex(drop: true).head()), fixture["sample_reset_head_text"] as? String)
        let seven = try frame.sample(count: 7, randomState: try RandomState(seed: 42))
        XCTAssertEqual(try seven.index.labelArray.ints(), fixture["sample_n7_seed42_index"] as? [Int])
        XCTAssertThrowsError(try frame.sample(fraction: 2, randomState: RandomState())) {
            XCTAssertEqual(($0 as? FrameError)?.message, "Replace has to be set to `True` when upsampling the population `frac` > 1.")
        }
    }

    func testSelectionAndErrors() throws {
        let frame = try XCTUnwrap(ratings)
        XCTAssertEqual(try frame.selecting(["rating", "userId"]).columnNames, ["rating", "userId"])
        XCTAssertThrowsError(try frame.column("nope")) { XCTAssertEqual(($0 as? FrameError)?.kind, .key) }
        XCTAssertEqual(frame.tail(2).index.labelArray, NDArray([100_834, 100_835]))
        XCTAssertEqual(frame.head(-100_834).rowCount, 2)
        var copy = frame.head(3)
        try copy.setColumn("twice", NDArray([1, 2, 3]))
        XCTAssertEqual(copy.columnNames.last, "twice")
        XCTAssertThrowsError(try copy.setColumn("bad", NDArray([1, 2])))
    }
}
