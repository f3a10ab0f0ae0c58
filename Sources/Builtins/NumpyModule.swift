import Foundation
import Frames
import Script
import Tensor

/// The `numpy` namespace (also `np`): array creation, ufuncs, reductions and `numpy.random`,
/// with numpy 1.x semantics and printed forms (Docs: LANGUAGE.md, "Built-in namespaces").
///
/// Example (script): `import numpy as np; np.unique(np.array([3, 1, 3]), return_counts=True)`
public enum NumpyModule {
    /// numpy's global `RandomState` behind `numpy.random.*` and pandas' `sample()` without a
    /// `random_state`; seeded from entropy at start, reset by `numpy.random.seed(s)`.
    public static let globalRandomState = RandomState()

    /// Builds the `numpy` module (with its `random` submodule).
    public static func make() -> ModuleObject {
        let np = ModuleObject("numpy", doc: "numpy: n-dimensional arrays (a Swift implementation of numpy 1.x's core).")
        defineCreation(np)
        defineMath(np)
        defineReductions(np)
        defineAlgorithms(np)
        for (name, dtype) in [("float64", NDArrayDType.float64), ("float32", .float32), ("int64", .int64),
                              ("int32", .int64), ("bool_", .bool), ("str_", .string)] {
            np.define(name, .object(NumpyDTypeObject(dtype, name: name, isScalarType: true)))
        }
        np.define("float_", .object(NumpyDTypeObject(.float64, name: "float64", isScalarType: true)))
        np.define("int_", .object(NumpyDTypeObject(.int64, name: "int64", isScalarType: true)))
        np.define("nan", .float(.nan))
        np.define("inf", .float(.infinity))
        np.define("pi", .float(Double.pi))
        np.define("e", .float(M_E))
        np.define("newaxis", .none)
        np.define("ndarray", .object(BuiltinFunction("ndarray", doc: "ndarray(shape, dtype=float)") { args, _ in
            let b = try args.bind("ndarray", ["shape", "dtype"], required: 1)
            let dtype = try b.optional("dtype").map(NumpyBridge.dtype) ?? .float64
            return .object(NDArrayObject(try NumpyBridge.guarded { try NDArray.zeros(shape: try NumpyBridge.shape(b["shape"] ?? .none), dtype: dtype) }))
        }))
        np.define("random", .object(NumpyRandomModule.make(state: globalRandomState)))
        np.define("__version__", .str("1.26.4"))
        return np
    }

    /// Defines a function whose arguments are bound to `parameters` and whose Swift errors
    /// become Python exceptions.
    static func function(_ module: ModuleObject, _ name: String, _ parameters: [String], required: Int = 0,
                         doc: String, _ body: @escaping (BoundArguments) throws -> Value) {
        module.define(name, doc: doc) { args, _ in
            let bound = try args.bind(name, parameters, required: required)
            return try NumpyBridge.guarded { try body(bound) }
        }
    }

    static func array(_ b: BoundArguments, _ name: String) throws -> NDArray {
        try NDArrayObject.from(b[name] ?? .none)
    }

    private static func defineCreation(_ np: ModuleObject) {
        function(np, "array", ["object", "dtype", "copy"], required: 1,
                 doc: "array(object, dtype=None)\n\nAn array from nested lists, tuples, scalars or arrays.\n\nExample: numpy.array([[1, 2], [3, 4]])") { b in
            var a = try array(b, "object")
            if let d = b.optional("dtype") { a = try a.converted(to: try NumpyBridge.dtype(d)) }
            return .object(NDArrayObject(a))
        }
        np.define("asarray", doc: "asarray(a, dtype=None)\n\nThe array itself when already an ndarray of that dtype, else a converted array.\n\nExample: numpy.asarray([1.5, 2])") { args, _ in
            let b = try args.bind("asarray", ["a", "dtype"], required: 1)
            if case .object(let o as NDArrayObject)? = b["a"], b.optional("dtype") == nil { return .object(o) }
            return try NumpyBridge.guarded {
                var a = try array(b, "a")
                if let d = b.optional("dtype") { a = try a.converted(to: try NumpyBridge.dtype(d)) }
                return .object(NDArrayObject(a))
            }
        }
        for (name, fill) in [("zeros", 0), ("ones", 1), ("empty", 0)] {
            function(np, name, ["shape", "dtype"], required: 1,
                     doc: "\(name)(shape, dtype=float)\n\nA new array of \(name == "ones" ? "ones" : "zeros")\(name == "empty" ? " (numpy leaves it uninitialised; here it is zeroed)" : "").\n\nExample: numpy.\(name)((2, 3))") { b in
                let dtype = try b.optional("dtype").map(NumpyBridge.dtype) ?? .float64
                return .object(NDArrayObject(try NDArray.full(shape: try NumpyBridge.shape(b["shape"] ?? .none), value: .int64(fill), dtype: dtype)))
            }
        }
        function(np, "full", ["shape", "fill_value", "dtype"], required: 2,
                 doc: "full(shape, fill_value, dtype=None)\n\nA new array filled with fill_value.\n\nExample: numpy.full(3, 0.5)") { b in
            let fill = try array(b, "fill_value")
            let dtype = try b.optional("dtype").map(NumpyBridge.dtype) ?? fill.dtype
            return .object(NDArrayObject(try NDArray.full(shape: try NumpyBridge.shape(b["shape"] ?? .none), value: fill.scalar(at: 0), dtype: dtype)))
        }
        function(np, "arange", ["start", "stop", "step", "dtype"], required: 1,
                 doc: "arange([start,] stop[, step], dtype=None)\n\nEvenly spaced values in [start, stop); int64 when all arguments are ints.\n\nExample: numpy.arange(0, 1, 0.25)") { b in
            var values = [b["start"] ?? .none]
            if let stop = b.optional("stop") { values.append(stop) }
            if let step = b.optional("step") { values.append(step) }
            let integer = values.allSatisfy { if case .int = $0 { return true }; if case .bool = $0 { return true }; return false }
            let numbers = try values.map { try NumpyBridge.double($0, "arange()") }
            let (start, stop, step) = numbers.count == 1 ? (0, numbers[0], 1) : (numbers[0], numbers[1], numbers.count > 2 ? numbers[2] : 1)
            var result = try NDArray.arange(start: start, stop: stop, step: step, integer: integer)
            if let d = b.optional("dtype") { result = try result.converted(to: try NumpyBridge.dtype(d)) }
            return .object(NDArrayObject(result))
        }
        function(np, "linspace", ["start", "stop", "num", "endpoint", "retstep", "dtype"], required: 2,
                 doc: "linspace(start, stop, num=50, endpoint=True)\n\nnum evenly spaced float64 values from start to stop.\n\nExample: numpy.linspace(0, 1, 5)") { b in
            let count = try b.optional("num").map { try NumpyBridge.integer($0, "num") } ?? 50
            var endpoint = true
            if case .bool(let e)? = b["endpoint"] { endpoint = e }
            var result = try NDArray.linspace(start: try NumpyBridge.double(b["start"] ?? .none, "start"),
                                              stop: try NumpyBridge.double(b["stop"] ?? .none, "stop"), count: count, endpoint: endpoint)
            if let d = b.optional("dtype") { result = try result.converted(to: try NumpyBridge.dtype(d)) }
            return .object(NDArrayObject(result))
        }
    }

    private static func defineMath(_ np: ModuleObject) {
        let unaries: [(String, (NDArray) throws -> NDArray, String)] = [
            ("sqrt", { try $0.squareRoot() }, "The non-negative square root, elementwise."),
            ("exp", { try $0.exponential() }, "e to the power of each element."),
            ("log", { try $0.logarithm() }, "The natural logarithm, elementwise."),
            ("abs", { try $0.absolute() }, "The absolute value, elementwise."),
            ("absolute", { try $0.absolute() }, "The absolute value, elementwise."),
            ("negative", { try $0.negated() }, "The negation, elementwise."),
            ("isnan", { a in NDArray.select(isNaN: a) }, "Whether each element is NaN."),
        ]
        for (name, f, text) in unaries {
            function(np, name, ["x"], required: 1, doc: "\(name)(x)\n\n\(text)\n\nExample: numpy.\(name)(numpy.array([1.0, 4.0]))") { b in
                NumpyBridge.wrap(try f(try array(b, "x")))
            }
        }
        function(np, "clip", ["a", "a_min", "a_max"], required: 3,
                 doc: "clip(a, a_min, a_max)\n\nLimits values to [a_min, a_max] (None leaves a side open).\n\nExample: numpy.clip(x, 0, 5)") { b in
            let low = try b.optional("a_min").map(NDArrayObject.from), high = try b.optional("a_max").map(NDArrayObject.from)
            return NumpyBridge.wrap(try array(b, "a").clipped(low: low, high: high))
        }
        for name in ["round", "around"] {
            function(np, name, ["a", "decimals"], required: 1,
                     doc: "\(name)(a, decimals=0)\n\nRounds half to even, as numpy does.\n\nExample: numpy.round(2.675, 2)") { b in
                NumpyBridge.wrap(try array(b, "a").rounded(decimals: try b.optional("decimals").map { try NumpyBridge.integer($0, "decimals") } ?? 0))
            }
        }
        for (name, op) in [("add", NDArrayOperation.add), ("subtract", .subtract), ("multiply", .multiply),
                           ("divide", .trueDivide), ("true_divide", .trueDivide), ("power", .power)] {
            function(np, name, ["x1", "x2"], required: 2, doc: "\(name)(x1, x2)\n\nThe elementwise \(name), broadcasting.\n\nExample: numpy.\(name)(a, 2)") { b in
                let x1 = b["x1"] ?? .none, x2 = b["x2"] ?? .none
                return NumpyBridge.wrap(try NDArray.apply(op, try NDArrayObject.from(x1), try NDArrayObject.from(x2),
                                                          lhsIsPythonScalar: NumpyBridge.isPythonScalar(x1), rhsIsPythonScalar: NumpyBridge.isPythonScalar(x2)))
            }
        }
    }

    private static func defineReductions(_ np: ModuleObject) {
        let reductions: [(String, (NDArray, Int?) throws -> NDArray)] = [
            ("mean", { try $0.mean(axis: $1) }), ("sum", { try $0.sum(axis: $1) }),
            ("min", { try $0.min(axis: $1) }), ("max", { try $0.max(axis: $1) }),
            ("amin", { try $0.min(axis: $1) }), ("amax", { try $0.max(axis: $1) }),
            ("argmax", { try $0.argmax(axis: $1) }), ("argmin", { try $0.argmin(axis: $1) }),
        ]
        for (name, f) in reductions {
            function(np, name, ["a", "axis"], required: 1,
                     doc: "\(name)(a, axis=None)\n\nThe \(name) over all elements or along an axis.\n\nExample: numpy.\(name)(numpy.array([[1, 2], [3, 4]]), axis=0)") { b in
                NumpyBridge.wrap(try f(try array(b, "a"), try NumpyBridge.axis(b["axis"])))
            }
        }
        for name in ["std", "var"] {
            function(np, name, ["a", "axis", "dtype", "out", "ddof"], required: 1,
                     doc: "\(name)(a, axis=None, ddof=0)\n\nThe \(name == "std" ? "standard deviation" : "variance") (divisor n - ddof).\n\nExample: numpy.\(name)([1, 2, 3, 4])") { b in
                let a = try array(b, "a"), axis = try NumpyBridge.axis(b["axis"])
                let ddof = try b.optional("ddof").map { try NumpyBridge.integer($0, "ddof") } ?? 0
                return NumpyBridge.wrap(name == "std" ? try a.standardDeviation(axis: axis, ddof: ddof) : try a.variance(axis: axis, ddof: ddof))
            }
        }
        function(np, "shape", ["a"], required: 1, doc: "shape(a)\n\nThe shape of an array-like as a tuple.\n\nExample: numpy.shape([[1, 2, 3]])  # (1, 3)") { b in
            NumpyBridge.tuple(try array(b, "a").shape)
        }
        function(np, "reshape", ["a", "newshape"], required: 2, doc: "reshape(a, newshape)\n\nThe same data with a new shape (-1 infers one dimension).\n\nExample: numpy.reshape(numpy.arange(6), (2, -1))") { b in
            .object(NDArrayObject(try array(b, "a").reshaped(try NumpyBridge.shape(b["newshape"] ?? .none))))
        }
        function(np, "transpose", ["a", "axes"], required: 1, doc: "transpose(a, axes=None)\n\nAxes reversed or permuted.\n\nExample: numpy.transpose(x)") { b in
            .object(NDArrayObject(try array(b, "a").transposed(try b.optional("axes").map(NumpyBridge.shape))))
        }
    }

    private static func defineAlgorithms(_ np: ModuleObject) {
        function(np, "unique", ["ar", "return_index", "return_inverse", "return_counts", "axis"], required: 1,
                 doc: "unique(ar, return_counts=False)\n\nThe sorted distinct elements (and how often each occurs).\n\nExample: numpy.unique(['b', 'a', 'b'], return_counts=True)") { b in
            let (values, counts) = try array(b, "ar").unique()
            if case .bool(true)? = b["return_counts"] {
                return .tuple([.object(NDArrayObject(values)), .object(NDArrayObject(NDArray(counts)))])
            }
            return .object(NDArrayObject(values))
        }
        for name in ["dot", "matmul"] {
            function(np, name, ["a", "b"], required: 2, doc: "\(name)(a, b)\n\nInner, matrix-vector or matrix product (1-D and 2-D).\n\nExample: numpy.\(name)(a, b)") { b in
                NumpyBridge.wrap(try NDArray.dot(try array(b, "a"), try array(b, "b")))
            }
        }
        function(np, "concatenate", ["arrays", "axis"], required: 1,
                 doc: "concatenate(arrays, axis=0)\n\nJoins arrays along an existing axis.\n\nExample: numpy.concatenate([a, b])") { b in
            let parts = try sequence(b["arrays"] ?? .none)
            return .object(NDArrayObject(try NDArray.concatenate(parts, axis: try NumpyBridge.axis(b["axis"]) ?? 0)))
        }
        function(np, "stack", ["arrays", "axis"], required: 1,
                 doc: "stack(arrays, axis=0)\n\nJoins equal-shaped arrays along a new axis.\n\nExample: numpy.stack([a, b], axis=1)") { b in
            .object(NDArrayObject(try NDArray.stack(try sequence(b["arrays"] ?? .none), axis: try NumpyBridge.axis(b["axis"]) ?? 0)))
        }
        function(np, "where", ["condition", "x", "y"], required: 1,
                 doc: "where(condition, x, y) / where(condition)\n\nElements of x where condition holds, else of y; alone, the indices where it holds.\n\nExample: numpy.where(a > 0, a, 0)") { b in
            let condition = try array(b, "condition")
            guard let x = b["x"], let y = b["y"] else {
                if b["x"] != nil || b["y"] != nil { throw ScriptError(.valueError, "either both or neither of x and y should be given") }
                return .tuple(condition.nonzero().map { .object(NDArrayObject($0)) })
            }
            return NumpyBridge.wrap(try NDArray.select(condition, try NDArrayObject.from(x), try NDArrayObject.from(y),
                                                       xIsPythonScalar: NumpyBridge.isPythonScalar(x), yIsPythonScalar: NumpyBridge.isPythonScalar(y)))
        }
        function(np, "sort", ["a", "axis", "kind"], required: 1, doc: "sort(a, axis=-1)\n\nA sorted copy.\n\nExample: numpy.sort([3, 1, 2])") { b in
            .object(NDArrayObject(try array(b, "a").sorted(axis: b["axis"].map { try NumpyBridge.axis($0) } ?? -1)))
        }
        function(np, "argsort", ["a", "axis", "kind"], required: 1,
                 doc: "argsort(a, axis=-1)\n\nIndices that sort the array (stable: ties keep their order).\n\nExample: numpy.argsort([3, 1, 2])") { b in
            .object(NDArrayObject(try array(b, "a").argsorted(axis: b["axis"].map { try NumpyBridge.axis($0) } ?? -1)))
        }
        function(np, "nonzero", ["a"], required: 1, doc: "nonzero(a)\n\nThe indices of non-zero elements, one array per axis.\n\nExample: numpy.nonzero([0, 3, 0, 4])") { b in
            .tuple(try array(b, "a").nonzero().map { .object(NDArrayObject($0)) })
        }
    }

    /// The arrays of a list/tuple argument.
    static func sequence(_ value: Value) throws -> [NDArray] {
        switch value {
        case .list(let l): return try l.items.map(NDArrayObject.from)
        case .tuple(let items): return try items.map(NDArrayObject.from)
        default:
            let a = try NDArrayObject.from(value)
            return try (0..<(a.shape.first ?? 0)).map { try a.subscripted([.integer($0)]) }
        }
    }
}

extension NDArray {
    /// `numpy.isnan`: a bool array (false for non-float dtypes).
    static func select(isNaN array: NDArray) -> NDArray {
        switch array.storage {
        case .float64(let a): return (try? NDArray(shape: array.shape, storage: .bool(a.map(\.isNaN)))) ?? array
        case .float32(let a): return (try? NDArray(shape: array.shape, storage: .bool(a.map(\.isNaN)))) ?? array
        default: return (try? NDArray.full(shape: array.shape, value: .bool(false), dtype: .bool)) ?? array
        }
    }
}
