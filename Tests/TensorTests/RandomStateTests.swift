import Foundation
import Tensor
import XCTest

/// Bit-exact comparison with numpy's legacy RandomState (fixture: scripts/fixtures/make_random_fixtures.py).
final class RandomStateTests: XCTestCase {
    func testDrawsMatchNumpyBitForBit() throws {
        let fixture = try loadNumpyFixture("random_state.json")
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 5)
        for testCase in cases {
            let seed = try XCTUnwrap(testCase["seed"] as? Int)
            let rs = try RandomState(seed: seed)
            for call in try XCTUnwrap(testCase["calls"] as? [[String: Any]]) {
                let op = try XCTUnwrap(call["op"] as? String)
                let args = try XCTUnwrap(call["args"] as? [String: Any])
                func int(_ k: String) -> Int { (args[k] as? NSNumber)?.intValue ?? 0 }
                func double(_ k: String) -> Double { (args[k] as? NSNumber)?.doubleValue ?? 0 }
                var doubles: [Double] = [], ints: [Int] = []
                switch op {
                case "rand": doubles = rs.uniformDoubles(count: int("size"))
                case "randn": doubles = rs.standardNormals(count: int("size"))
                case "randn_scalar": doubles = [rs.nextGaussian()]
                case "normal": doubles = try rs.normals(mean: double("loc"), standardDeviation: double("scale"), count: int("size"))
                case "uniform": doubles = rs.uniforms(low: double("low"), high: double("high"), count: int("size"))
                case "randint":
                    let high = args["high"] == nil ? int("low") : int("high")
                    let low = args["high"] == nil ? 0 : int("low")
                    ints = try rs.integers(low: low, high: high, count: int("size"))
                case "randint_scalar": ints = try rs.integers(low: 0, high: int("low"), count: 1)
                case "permutation": ints = rs.permutation(int("n"))
                case "shuffle":
                    var values = (0..<int("n")).map { $0 * int("scale") }
                    rs.shuffle(&values)
                    ints = values
                case "choice":
                    ints = try rs.choiceIndices(population: int("a"), count: int("size"), replace: (args["replace"] as? Bool) ?? true)
                default: XCTFail("unknown op \(op)")
                }
                if call["kind"] as? String == "float" {
                    let expected = try XCTUnwrap(call["values"] as? [String]).map { Double($0) ?? .nan }
                    XCTAssertEqual(doubles.map(\.bitPattern), expected.map(\.bitPattern), "seed \(seed) \(op) \(args)")
                } else {
                    let expected = try XCTUnwrap(call["values"] as? [Int])
                    XCTAssertEqual(ints, expected, "seed \(seed) \(op) \(args)")
                }
            }
        }
    }

    func testChoiceWithoutReplacementIsPandasSampleOrder() throws {
        let fixture = try loadNumpyFixture("random_state.json")
        let expected = try XCTUnwrap(fixture["choice_without_replacement_100836_seed0_first20"] as? [Int])
        let picks = try RandomState(seed: 0).choiceIndices(population: 100_836, count: 100_836, replace: false)
        XCTAssertEqual(Array(picks.prefix(20)), expected)
        XCTAssertEqual(Set(picks).count, 100_836)
    }

    func testSeedingResetsTheGaussianCache() throws {
        let rs = try RandomState(seed: 7)
        let first = rs.nextGaussian()
        _ = rs.nextGaussian()
        _ = rs.nextGaussian()  // leaves a cached value
        try rs.seed(7)
        XCTAssertEqual(rs.nextGaussian(), first)
    }

    func testErrorsCarryNumpyMessages() throws {
        XCTAssertThrowsError(try RandomState(seed: -1)) { XCTAssertEqual(($0 as? RandomStateError)?.description, "Seed must be between 0 and 2**32 - 1") }
        let rs = try RandomState(seed: 1)
        XCTAssertThrowsError(try rs.integers(low: 5, high: 5, count: 1)) { XCTAssertEqual(($0 as? RandomStateError)?.description, "low >= high") }
        XCTAssertThrowsError(try rs.choiceIndices(population: 5, count: 6, replace: false)) {
            XCTAssertEqual(($0 as? RandomStateError)?.description, "Cannot take a larger sample than population when 'replace=False'")
        }
        XCTAssertThrowsError(try rs.normals(mean: 0, standardDeviation: -1, count: 1))
    }
}
