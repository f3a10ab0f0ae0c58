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
        try npCall(pd, "read_csv", [.str(Self.dataDirectory.appendingPathComponent("ratings.csv").path)],
                       [("sep", .str(",")), ("usecols", .tuple([.int(0), .int(1), .int(2)]))])
    }

    func testReadCsvHeadAndStatistics() throws {
        let data = try ratings()
        let head = try npMethod(data, "head")
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
        let users = try npSubscript(data, .str("userId"))
        // data['userId'].min(), .max() → 1 610; numpy.unique(data['userId']).shape[0] → 610
        XCTAssertEqual(Value.reprOf(try npMethod(users, "min")), "1")
        XCTAssertEqual(Value.reprOf(try npMethod(users, "max")), "610")
        let unique = try npCall(np, "unique", [users])
        XCTAssertEqual(Value.reprOf(try npAttribute(unique, "shape")), "(610,)")
        XCTAssertEqual(Value.reprOf(try npAttribute(data, "shape")), "(100836, 3)")
        // (data['rating'] * 2).head(2) keeps the name
        let doubled = try npBinary(try npSubscript(data, .str("rating")), .multiply, .int(2))
        XCTAssertEqual(Value.reprOf(try npMethod(doubled, "head", [.int(2)])), "0    8.0\n1    8.0\nName: rating, dtype: float64")
        XCTAssertEqual(Value.reprOf(try npAttribute(doubled, "name")), "'rating'")
        XCTAssertEqual(Value.reprOf(try npAttribute(try npBinary(users, .add, try npSubscript(data, .str("movieId"))), "name")), "None")
        XCTAssertEqual(Value.reprOf(try npAttribute(data, "columns")), "Index(['userId', 'movieId', 'rating'], dtype='object')")
    }

    func testSampleAndValuesLikeTheTutorial() throws {
        let data = try ratings()
        // data.sample(frac=1, random_state=0).reset_index(drop=True)['userId'].values[:3] - 1 → array([275, 598, 482])
        let shuffled = try npMethod(try npMethod(data, "sample", [], [("frac", .int(1)), ("random_state", .int(0))]),
                                      "reset_index", [], [("drop", .bool(true))])
        let values = try npAttribute(try npSubscript(shuffled, .str("userId")), "values")
        let head = try npSubscript(values, .object(SliceObject(start: .none, stop: .int(3), step: .none)))
        XCTAssertEqual(Value.reprOf(try npBinary(head, .subtract, .int(1))), "array([275, 598, 482])")
        // Without random_state pandas draws from numpy's global RandomState.
        guard case .object(let random as ModuleObject)? = np.member("random") else { return XCTFail("no numpy.random") }
        _ = try npCall(random, "seed", [.int(0)])
        let global = try npMethod(data, "sample", [], [("frac", .int(1))])
        XCTAssertEqual(Value.reprOf(try npMethod(global, "head", [.int(1)])), "       userId  movieId  rating\n41008     276      780     5.0")
    }

    func testErrors() {
        npAssertScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: 'x.csv'") {
            try npCall(self.pd, "read_csv", [.str("x.csv")])
        }
        npAssertScriptError(.typeError, "read_csv() got an unexpected keyword argument 'seperator'") {
            try npCall(self.pd, "read_csv", [.str("x.csv")], [("seperator", .str(","))])
        }
        npAssertScriptError(.keyError, "'nope'") { try npSubscript(try self.ratings(), .str("nope")) }
    }
}
