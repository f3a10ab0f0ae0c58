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
        _ = try npCall(random, "seed", [.int(0)])
        let x = try npCall(random, "randn", [.int(250), .int(250)])
        let i = try npCall(random, "randint", [.int(250)], [("size", .int(35000))])
        let j = try npCall(random, "randint", [.int(250)], [("size", .int(35000))])
        let values = try npSubscript(x, .tuple([i, j]))
        XCTAssertEqual(Value.reprOf(try npAttribute(values, "shape")), "(35000,)")
        let head = try npSubscript(values, .object(SliceObject(start: .none, stop: .int(3), step: .none)))
        XCTAssertEqual(Value.reprOf(head), "array([-0.1951665 ,  0.80439304,  0.3804249 ])")
        XCTAssertEqual(Value.strOf(try npSubscript(i, .object(SliceObject(start: .none, stop: .int(5), step: .none)))), "[105 175 222  40  64]")
        guard case .float(let mean) = try npMethod(values, "mean") else { return XCTFail("mean is not a float") }
        XCTAssertEqual(mean, -0.011863150628308465)
        // a = np.random.normal(0, 1, size=(250, 25)); b = ...(25, 250); a.dot(b)[0, :3]
        // → array([-8.56401271,  5.36512277, -7.8226717 ])
        let a = try npCall(random, "normal", [.int(0), .int(1)], [("size", .tuple([.int(250), .int(25)]))])
        let b = try npCall(random, "normal", [.int(0), .int(1)], [("size", .tuple([.int(25), .int(250)]))])
        let product = try npMethod(a, "dot", [b])
        let row = try npSubscript(product, .tuple([.int(0), .object(SliceObject(start: .none, stop: .int(3), step: .none))]))
        XCTAssertEqual(Value.reprOf(row), "array([-8.56401271,  5.36512277, -7.8226717 ])")
        // np.random.choice(10, 4, replace=False) → array([1, 9, 2, 7]); np.random.rand() → 0.4159044680986477
        XCTAssertEqual(Value.reprOf(try npCall(random, "choice", [.int(10), .int(4)], [("replace", .bool(false))])), "array([1, 9, 2, 7])")
        guard case .float(let r) = try npCall(random, "rand") else { return XCTFail("rand() is not a float") }
        XCTAssertEqual(r, 0.4159044680986477)
    }

    func testIndexErrorsAndTypeErrors() throws {
        let x = try npCall(np, "zeros", [.int(250)])
        npAssertScriptError(.indexError, "index 250 is out of bounds for axis 0 with size 250") {
            try npSubscript(x, .int(250))
        }
        npAssertScriptError(.typeError, "randint() got an unexpected keyword argument 'sise'") {
            try npCall(self.random, "randint", [.int(5)], [("sise", .int(3))])
        }
        npAssertScriptError(.valueError, "high <= 0") { try npCall(self.random, "randint", [.int(0)]) }
        npAssertScriptError(.valueError, "operands could not be broadcast together with shapes (3,) (2,) ") {
            try npBinary(try npCall(self.np, "ones", [.int(3)]), .add, try npCall(self.np, "ones", [.int(2)]))
        }
    }

    func testPrintedFormsAndPromotion() throws {
        let a = try npCall(np, "array", [npList([.float(5), .float(5), .float(1)])])
        XCTAssertEqual(Value.reprOf(a), "array([5., 5., 1.])")
        let strings = try npCall(np, "array", [npList([.str("a"), .str("b")])])
        XCTAssertEqual(Value.reprOf(strings), "array(['a', 'b'], dtype='<U1')")
        let f32 = try npCall(np, "array", [npList([.float(1.5), .int(2)])], [("dtype", try XCTUnwrap(np.member("float32")))])
        XCTAssertEqual(Value.reprOf(f32), "array([1.5, 2. ], dtype=float32)")
        // np.array([1.5, 2], dtype=np.float32) * 0.1 stays float32: array([0.15, 0.2 ], dtype=float32)
        XCTAssertEqual(Value.reprOf(try npBinary(f32, .multiply, .float(0.1))), "array([0.15, 0.2 ], dtype=float32)")
        // int64 array / int → float64: np.array([1, 2, 3]) / 2 → array([0.5, 1. , 1.5])
        let ints = try npCall(np, "array", [npList([.int(1), .int(2), .int(3)])])
        XCTAssertEqual(Value.reprOf(try npBinary(ints, .trueDivide, .int(2))), "array([0.5, 1. , 1.5])")
        XCTAssertEqual(Value.reprOf(try npBinary(ints, .subtract, .int(1))), "array([0, 1, 2])")
        // Reductions give plain scalars: np.array([1, 2, 3]).sum() → 6
        guard case .int(6) = try npMethod(ints, "sum") else { return XCTFail("sum is not the int 6") }
        XCTAssertEqual(Value.reprOf(try npAttribute(f32, "dtype")), "dtype('float32')")
        guard case .float(let m) = try npMethod(f32, "mean") else { return XCTFail("mean is not a float") }
        XCTAssertEqual(m, 1.75)
    }

    func testUniqueAndAssignmentLikeTheGenreCells() throws {
        // labels_str = ['Comedy', 'Action', 'Comedy']; np.unique(labels_str) → array(['Action', 'Comedy'], dtype='<U6')
        let labelSet = try npCall(np, "unique", [npList([.str("Comedy"), .str("Action"), .str("Comedy")])])
        XCTAssertEqual(Value.reprOf(labelSet), "array(['Action', 'Comedy'], dtype='<U6')")
        let pair = try npCall(np, "unique", [npList([.int(3), .int(1), .int(3)])], [("return_counts", .bool(true))])
        XCTAssertEqual(Value.reprOf(pair), "(array([1, 3]), array([1, 2]))")
        // labels = np.empty(4); labels[3 - 1] = 5 → labels[2] == 5.0
        let labels = try npCall(np, "empty", [.int(4)])
        guard case .object(let o) = labels else { return XCTFail("not an object") }
        XCTAssertTrue(try o.setItem(.int(2), to: .int(5), interpreter: npTestInterpreter))
        XCTAssertEqual(Value.reprOf(labels), "array([0., 0., 5., 0.])")
        // np.array([labels[int(j)] for j in ...]) → float64 array
        let genres = try npCall(np, "array", [npList([.float(5), .float(5), .float(1)])])
        XCTAssertEqual(Value.reprOf(try npSubscript(genres, .object(SliceObject(start: .none, stop: .int(10), step: .none)))), "array([5., 5., 1.])")
        // Boolean mask assignment: a[a > 1] = 0
        let mask = try XCTUnwrap(try (o.compare(.greater, .int(1))))
        XCTAssertTrue(try o.setItem(mask, to: .int(0), interpreter: npTestInterpreter))
        XCTAssertEqual(Value.reprOf(labels), "array([0., 0., 0., 0.])")
    }

    func testConversionHelperAcceptsScriptValues() throws {
        XCTAssertEqual(try NDArrayObject.from(npList([npList([.int(1), .int(2)]), npList([.int(3), .int(4)])])).shape, [2, 2])
        XCTAssertEqual(try NDArrayObject.from(.tuple([.bool(true), .float(2)])).dtype, .float64)
        XCTAssertThrowsError(try NDArrayObject.from(npList([npList([.int(1)]), npList([.int(1), .int(2)])])))
        let arange = try npCall(np, "arange", [.int(5)])
        XCTAssertEqual(Value.reprOf(arange), "array([0, 1, 2, 3, 4])")
        XCTAssertEqual(Value.reprOf(try npCall(np, "linspace", [.int(0), .int(1)], [("num", .int(5))])), "array([0.  , 0.25, 0.5 , 0.75, 1.  ])")
        XCTAssertEqual(Value.reprOf(try npCall(np, "sqrt", [.float(4)])), "2.0")
        XCTAssertEqual(Value.reprOf(try npCall(np, "where", [try npBinary(arange, .modulo, .int(2))])), "(array([1, 3]),)")
    }
}
