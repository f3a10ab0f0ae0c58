import Builtins
import Foundation
import Script
import Tensor
import XCTest

/// The numpy namespace called as a script would call it. Expected values come from numpy 2.x
/// with `np.set_printoptions(legacy='1.25')` (commands in the comments).
final class NumpyModuleTests: XCTestCase {
    let np = NumpyModule.make()
    var random: ModuleObject {
        if case .object(let m as ModuleObject)? = np.member("random") { return m }
        return ModuleObject("missing numpy.random")  // every call on it then fails the test
    }

    func testTutorialSyntheticDataFlow() throws {
        // np.random.seed(0); X = np.random.randn(250, 250); i = np.random.randint(250, size=35000)
        // j = np.random.randint(250, size=35000); v = X[i, j]
        // → v.shape (35000,), v[:3] array([-0.1951665 ,  0.80439304,  0.3804249 ]), i[:5] [105 175 222 40 64],
        //   v.mean() -0.011863150628308465
        _ = try callMember(random, "seed", [.int(0)])
        let x = try callMember(random, "randn", [.int(250), .int(250)])
        let i = try callMember(random, "randint", [.int(250)], [("size", .int(35000))])
        let j = try callMember(random, "randint", [.int(250)], [("size", .int(35000))])
        let values = try subscriptValue(x, .tuple([i, j]))
        XCTAssertEqual(Value.reprOf(try attribute(values, "shape")), "(35000,)")
        let head = try subscriptValue(values, .object(SliceObject(start: .none, stop: .int(3), step: .none)))
        XCTAssertEqual(Value.reprOf(head), "array([-0.1951665 ,  0.80439304,  0.3804249 ])")
        XCTAssertEqual(Value.strOf(try subscriptValue(i, .object(SliceObject(start: .none, stop: .int(5), step: .none)))), "[105 175 222  40  64]")
        guard case .float(let mean) = try callMethod(values, "mean") else { return XCTFail("mean is not a float") }
        XCTAssertEqual(mean, -0.011863150628308465)
        // a = np.random.normal(0, 1, size=(250, 25)); b = ...(25, 250); a.dot(b)[0, :3]
        // → array([-8.56401271,  5.36512277, -7.8226717 ])
        let a = try callMember(random, "normal", [.int(0), .int(1)], [("size", .tuple([.int(250), .int(25)]))])
        let b = try callMember(random, "normal", [.int(0), .int(1)], [("size", .tuple([.int(25), .int(250)]))])
        let product = try callMethod(a, "dot", [b])
        let row = try subscriptValue(product, .tuple([.int(0), .object(SliceObject(start: .none, stop: .int(3), step: .none))]))
        XCTAssertEqual(Value.reprOf(row), "array([-8.56401271,  5.36512277, -7.8226717 ])")
        // np.random.choice(10, 4, replace=False) → array([1, 9, 2, 7]); np.random.rand() → 0.4159044680986477
        XCTAssertEqual(Value.reprOf(try callMember(random, "choice", [.int(10), .int(4)], [("replace", .bool(false))])), "array([1, 9, 2, 7])")
        guard case .float(let r) = try callMember(random, "rand") else { return XCTFail("rand() is not a float") }
        XCTAssertEqual(r, 0.4159044680986477)
    }

    func testIndexErrorsAndTypeErrors() throws {
        let x = try callMember(np, "zeros", [.int(250)])
        assertScriptError(.indexError, "index 250 is out of bounds for axis 0 with size 250") {
            try subscriptValue(x, .int(250))
        }
        assertScriptError(.typeError, "randint() got an unexpected keyword argument 'sise'") {
            try callMember(self.random, "randint", [.int(5)], [("sise", .int(3))])
        }
        assertScriptError(.valueError, "high <= 0") { try callMember(self.random, "randint", [.int(0)]) }
        assertScriptError(.valueError, "operands could not be broadcast together with shapes (3,) (2,) ") {
            try binaryValue(try callMember(self.np, "ones", [.int(3)]), .add, try callMember(self.np, "ones", [.int(2)]))
        }
    }

    func testPrintedFormsAndPromotion() throws {
        let a = try callMember(np, "array", [list([.float(5), .float(5), .float(1)])])
        XCTAssertEqual(Value.reprOf(a), "array([5., 5., 1.])")
        let strings = try callMember(np, "array", [list([.str("a"), .str("b")])])
        XCTAssertEqual(Value.reprOf(strings), "array(['a', 'b'], dtype='<U1')")
        let f32 = try callMember(np, "array", [list([.float(1.5), .int(2)])], [("dtype", try XCTUnwrap(np.member("float32")))])
        XCTAssertEqual(Value.reprOf(f32), "array([1.5, 2. ], dtype=float32)")
        // np.array([1.5, 2], dtype=np.float32) * 0.1 stays float32: array([0.15, 0.2 ], dtype=float32)
        XCTAssertEqual(Value.reprOf(try binaryValue(f32, .multiply, .float(0.1))), "array([0.15, 0.2 ], dtype=float32)")
        // int64 array / int → float64: np.array([1, 2, 3]) / 2 → array([0.5, 1. , 1.5])
        let ints = try callMember(np, "array", [list([.int(1), .int(2), .int(3)])])
        XCTAssertEqual(Value.reprOf(try binaryValue(ints, .trueDivide, .int(2))), "array([0.5, 1. , 1.5])")
        XCTAssertEqual(Value.reprOf(try binaryValue(ints, .subtract, .int(1))), "array([0, 1, 2])")
        // Reductions give plain scalars: np.array([1, 2, 3]).sum() → 6
        guard case .int(6) = try callMethod(ints, "sum") else { return XCTFail("sum is not the int 6") }
        XCTAssertEqual(Value.reprOf(try attribute(f32, "dtype")), "dtype('float32')")
        guard case .float(let m) = try callMethod(f32, "mean") else { return XCTFail("mean is not a float") }
        XCTAssertEqual(m, 1.75)
    }

    func testUniqueAndAssignmentLikeTheGenreCells() throws {
        // labels_str = ['Comedy', 'Action', 'Comedy']; np.unique(labels_str) → array(['Action', 'Comedy'], dtype='<U6')
        let labelSet = try callMember(np, "unique", [list([.str("Comedy"), .str("Action"), .str("Comedy")])])
        XCTAssertEqual(Value.reprOf(labelSet), "array(['Action', 'Comedy'], dtype='<U6')")
        let pair = try callMember(np, "unique", [list([.int(3), .int(1), .int(3)])], [("return_counts", .bool(true))])
        XCTAssertEqual(Value.reprOf(pair), "(array([1, 3]), array([1, 2]))")
        // labels = np.empty(4); labels[3 - 1] = 5 → labels[2] == 5.0
        let labels = try callMember(np, "empty", [.int(4)])
        guard case .object(let o) = labels else { return XCTFail("not an object") }
        XCTAssertTrue(try o.setItem(.int(2), to: .int(5), interpreter: numpyTestInterpreter))
        XCTAssertEqual(Value.reprOf(labels), "array([0., 0., 5., 0.])")
        // np.array([labels[int(j)] for j in ...]) → float64 array
        let genres = try callMember(np, "array", [list([.float(5), .float(5), .float(1)])])
        XCTAssertEqual(Value.reprOf(try subscriptValue(genres, .object(SliceObject(start: .none, stop: .int(10), step: .none)))), "array([5., 5., 1.])")
        // Boolean mask assignment: a[a > 1] = 0
        let mask = try XCTUnwrap(try (o.compare(.greater, .int(1))))
        XCTAssertTrue(try o.setItem(mask, to: .int(0), interpreter: numpyTestInterpreter))
        XCTAssertEqual(Value.reprOf(labels), "array([0., 0., 0., 0.])")
    }

    func testConversionHelperAcceptsScriptValues() throws {
        XCTAssertEqual(try NDArrayObject.from(list([list([.int(1), .int(2)]), list([.int(3), .int(4)])])).shape, [2, 2])
        XCTAssertEqual(try NDArrayObject.from(.tuple([.bool(true), .float(2)])).dtype, .float64)
        XCTAssertThrowsError(try NDArrayObject.from(list([list([.int(1)]), list([.int(1), .int(2)])])))
        let arange = try callMember(np, "arange", [.int(5)])
        XCTAssertEqual(Value.reprOf(arange), "array([0, 1, 2, 3, 4])")
        XCTAssertEqual(Value.reprOf(try callMember(np, "linspace", [.int(0), .int(1)], [("num", .int(5))])), "array([0.  , 0.25, 0.5 , 0.75, 1.  ])")
        XCTAssertEqual(Value.reprOf(try callMember(np, "sqrt", [.float(4)])), "2.0")
        XCTAssertEqual(Value.reprOf(try callMember(np, "where", [try binaryValue(arange, .modulo, .int(2))])), "(array([1, 3]),)")
    }
}
