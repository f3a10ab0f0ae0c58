import Builtins
import Foundation
import Script
import Tensor
import XCTest

/// The pandas namespace on ../shared/data/ml-latest-small, as the tutorial's cells call it.
final class PandasModuleTests: XCTestCase {
    let pd = PandasModule.make()
    let np = NumpyModule.make()
    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/ml-latest-small")

    func ratings() throws -> Value {
        try callMember(pd, "read_csv", [.str(Self.dataDirectory.appendingPathComponent("ratings.csv").path)],
                       [("sep", .str(",")), ("usecols", .tuple([.int(0), .int(1), .int(2)]))])
    }

    func testReadCsvHeadAndStatistics() throws {
        let data = try ratings()
        let head = try callMethod(data, "head")
        XCTAssertEqual(Value.reprOf(head), """
               userId  movieId  rating
            0       1        1     4.0
            1       1        3     4.0
            2       1        6     4.0
            3       1       47     5.0
            4       1       50     5.0
            """)
        guard case .object(let headObject) = head else { return XCTFail("head is not an object") }
        XCTAssertTrue(headObject.richRepresentations()["text/html"]?.contains("<table border=\"1\" class=\"dataframe\">") ?? false)
        let users = try subscriptValue(data, .str("userId"))
        // data['userId'].min(), .max() → 1 610; numpy.unique(data['userId']).shape[0] → 610
        XCTAssertEqual(Value.reprOf(try callMethod(users, "min")), "1")
        XCTAssertEqual(Value.reprOf(try callMethod(users, "max")), "610")
        let unique = try callMember(np, "unique", [users])
        XCTAssertEqual(Value.reprOf(try attribute(unique, "shape")), "(610,)")
        XCTAssertEqual(Value.reprOf(try attribute(data, "shape")), "(100836, 3)")
        // (data['rating'] * 2).head(2) keeps the name
        let doubled = try binaryValue(try subscriptValue(data, .str("rating")), .multiply, .int(2))
        XCTAssertEqual(Value.reprOf(try callMethod(doubled, "head", [.int(2)])), "0    8.0\n1    8.0\nName: rating, dtype: float64")
        XCTAssertEqual(Value.reprOf(try attribute(doubled, "name")), "'rating'")
        XCTAssertEqual(Value.reprOf(try attribute(try binaryValue(users, .add, try subscriptValue(data, .str("movieId"))), "name")), "None")
        XCTAssertEqual(Value.reprOf(try attribute(data, "columns")), "Index(['userId', 'movieId', 'rating'], dtype='object')")
    }

    func testSampleAndValuesLikeTheTutorial() throws {
        let data = try ratings()
        // data.sample(frac=1, random_state=0).reset_index(drop=True)['userId'].values[:3] - 1 → array([275, 598, 482])
        let shuffled = try callMethod(try callMethod(data, "sample", [], [("frac", .int(1)), ("random_state", .int(0))]),
                                      "reset_index", [], [("drop", .bool(true))])
        let values = try attribute(try subscriptValue(shuffled, .str("userId")), "values")
        let head = try subscriptValue(values, .object(SliceObject(start: .none, stop: .int(3), step: .none)))
        XCTAssertEqual(Value.reprOf(try binaryValue(head, .subtract, .int(1))), "array([275, 598, 482])")
        // Without random_state pandas draws from numpy's global RandomState.
        guard case .object(let random as ModuleObject)? = np.member("random") else { return XCTFail("no numpy.random") }
        _ = try callMember(random, "seed", [.int(0)])
        let global = try callMethod(data, "sample", [], [("frac", .int(1))])
        XCTAssertEqual(Value.reprOf(try callMethod(global, "head", [.int(1)])), "       userId  movieId  rating\n41008     276      780     5.0")
    }

    func testErrors() {
        assertScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: 'x.csv'") {
            try callMember(self.pd, "read_csv", [.str("x.csv")])
        }
        assertScriptError(.typeError, "read_csv() got an unexpected keyword argument 'seperator'") {
            try callMember(self.pd, "read_csv", [.str("x.csv")], [("seperator", .str(","))])
        }
        assertScriptError(.keyError, "'nope'") { try subscriptValue(try self.ratings(), .str("nope")) }
    }
}
