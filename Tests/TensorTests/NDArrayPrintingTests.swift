import Foundation
import Tensor
import XCTest

/// Printed forms against numpy (fixture: scripts/fixtures/make_ndarray_fixtures.py, legacy='1.25').
final class NDArrayPrintingTests: XCTestCase {
    func testReprAndStrMatchNumpy() throws {
        let fixture = try loadNumpyFixture("ndarray_printing.json")
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 25)
        for entry in cases {
            let array = try decodeNumpyFixtureArray(entry)
            XCTAssertEqual(NDArrayFormatter.repr(array), entry["repr"] as? String)
            XCTAssertEqual(NDArrayFormatter.str(array), entry["str"] as? String)
        }
    }

    func testPythonFloatRepr() {
        // python3 -c "print([repr(x) for x in (1.0, 0.1, 1e-05, 1e16, 123.456, -0.0, 2.5e-7)])"
        XCTAssertEqual([1.0, 0.1, 1e-05, 1e16, 123.456, -0.0, 2.5e-7].map(NDArrayFormatter.pythonRepr),
                       ["1.0", "0.1", "1e-05", "1e+16", "123.456", "-0.0", "2.5e-07"])
        XCTAssertEqual(NDArrayFormatter.shortest(Float(0.1)), "0.1")
    }
}
