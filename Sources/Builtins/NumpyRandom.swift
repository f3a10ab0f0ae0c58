import Script
import Tensor

/// `numpy.random`: the legacy functions on numpy's global RandomState (bit-compatible with
/// numpy's `numpy.random.seed(s)` streams).
///
/// Example (script): `numpy.random.seed(0); numpy.random.randint(250, size=3)  # array([172,  47, 117])`
enum NumpyRandomModule {
    static func make(state: RandomState) -> ModuleObject {
        let random = ModuleObject("numpy.random", doc: "numpy.random: legacy RandomState draws (MT19937).")
        let f = NumpyModule.function

        /// Doubles shaped by `size` (nil → one Python float).
        func shaped(_ values: [Double], _ size: [Int]?) throws -> Value {
            guard let size = size else { return .float(values.first ?? 0) }
            return .object(NDArrayObject(try NDArray(shape: size, storage: .float64(values))))
        }
        func count(_ size: [Int]?) throws -> Int {
            guard let size = size else { return 1 }
            return try NumpyBridge.guarded { try NDArray.elementCount(of: size) }
        }
        func dims(_ args: Arguments, _ name: String) throws -> [Int]? {
            if !args.keywords.isEmpty { throw ScriptError(.typeError, "\(name)() got an unexpected keyword argument '\(args.keywords[0].name)'") }
            if args.positional.isEmpty { return nil }
            return try args.positional.map { try NumpyBridge.integer($0, "dimensions") }
        }

        f(random, "seed", ["seed"], 0, "seed(seed=None)\n\nResets the global RandomState (None: from entropy).\n\nExample: numpy.random.seed(42)") { b in
            if let s = b.optional("seed") { try state.seed(try NumpyBridge.integer(s, "seed")) } else { state.seedFromEntropy() }
            return .none
        }
        random.define("rand", doc: "rand(d0, d1, …)\n\nUniform doubles in [0, 1) of the given shape (no arguments: one float).\n\nExample: numpy.random.rand(2, 3)") { args, _ in
            let size = try dims(args, "rand")
            return try NumpyBridge.guarded { try shaped(state.uniformDoubles(count: try count(size)), size) }
        }
        random.define("randn", doc: "randn(d0, d1, …)\n\nStandard normal doubles of the given shape (legacy polar method).\n\nExample: X = numpy.random.randn(250, 250)") { args, _ in
            let size = try dims(args, "randn")
            return try NumpyBridge.guarded { try shaped(state.standardNormals(count: try count(size)), size) }
        }
        for name in ["random_sample", "random", "sample"] {
            f(random, name, ["size"], 0, "\(name)(size=None)\n\nUniform doubles in [0, 1).\n\nExample: numpy.random.\(name)(3)") { b in
                let size = try NumpyBridge.size(b["size"])
                return try shaped(state.uniformDoubles(count: try count(size)), size)
            }
        }
        f(random, "standard_normal", ["size"], 0, "standard_normal(size=None)\n\nStandard normal doubles.\n\nExample: numpy.random.standard_normal((2, 2))") { b in
            let size = try NumpyBridge.size(b["size"])
            return try shaped(state.standardNormals(count: try count(size)), size)
        }
        f(random, "normal", ["loc", "scale", "size"], 0, "normal(loc=0.0, scale=1.0, size=None)\n\nNormal doubles: loc + scale * gaussian.\n\nExample: a = numpy.random.normal(0, 1, size=(250, 25))") { b in
            let size = try NumpyBridge.size(b["size"])
            let loc = try b.optional("loc").map { try NumpyBridge.double($0, "loc") } ?? 0
            let scale = try b.optional("scale").map { try NumpyBridge.double($0, "scale") } ?? 1
            return try shaped(try state.normals(mean: loc, standardDeviation: scale, count: try count(size)), size)
        }
        f(random, "uniform", ["low", "high", "size"], 0, "uniform(low=0.0, high=1.0, size=None)\n\nUniform doubles in [low, high).\n\nExample: numpy.random.uniform(-1, 1, size=5)") { b in
            let size = try NumpyBridge.size(b["size"])
            let low = try b.optional("low").map { try NumpyBridge.double($0, "low") } ?? 0
            let high = try b.optional("high").map { try NumpyBridge.double($0, "high") } ?? 1
            return try shaped(state.uniforms(low: low, high: high, count: try count(size)), size)
        }
        f(random, "randint", ["low", "high", "size", "dtype"], 1, "randint(low, high=None, size=None, dtype=int)\n\nInt64 values in [low, high) ([0, low) without high), as numpy's legacy masked sampling draws them.\n\nExample: i = numpy.random.randint(250, size=35000)") { b in
            let size = try NumpyBridge.size(b["size"])
            var low = try NumpyBridge.integer(b["low"] ?? .none, "low")
            var high: Int
            if let h = b.optional("high") { high = try NumpyBridge.integer(h, "high") } else {
                if low <= 0 { throw ScriptError(.valueError, "high <= 0") }
                high = low
                low = 0
            }
            let values = try state.integers(low: low, high: high, count: try count(size))
            guard let size = size else { return .int(values.first ?? 0) }
            return .object(NDArrayObject(try NDArray(shape: size, storage: .int64(values))))
        }
        f(random, "shuffle", ["x"], 1, "shuffle(x)\n\nShuffles an array (along its first axis) or a list in place.\n\nExample: numpy.random.shuffle(a)") { b in
            switch b["x"] ?? .none {
            case .object(let o as NDArrayObject):
                guard o.array.rank > 0 else { throw ScriptError(.typeError, "object of type 'numpy.ndarray' has no len()") }
                o.array = try shuffledRows(o.array, state)
            case .list(let l):
                var items = l.items
                state.shuffle(&items)
                l.items = items
            default: throw ScriptError(.typeError, "shuffle() expects an ndarray or a list")
            }
            return .none
        }
        f(random, "permutation", ["x"], 1, "permutation(x)\n\nA shuffled arange(x), or a shuffled copy of an array.\n\nExample: numpy.random.permutation(10)") { b in
            let x = b["x"] ?? .none
            if case .int(let n) = x { return .object(NDArrayObject(NDArray(state.permutation(n)))) }
            let a = try NDArrayObject.from(x)
            guard a.rank > 0 else { throw ScriptError(.indexError, "x must be an integer or at least 1-dimensional") }
            return .object(NDArrayObject(try shuffledRows(a, state)))
        }
        f(random, "choice", ["a", "size", "replace", "p"], 1, "choice(a, size=None, replace=True, p=None)\n\nA random sample of arange(a) or of the elements of a (legacy algorithm: replace=False is permutation(n)[:size]).\n\nExample: numpy.random.choice(5, 3, replace=False)") { b in
            let a = b["a"] ?? .none
            let population: NDArray
            if case .int(let n) = a {
                guard n > 0 else { throw ScriptError(.valueError, "a must be greater than 0 unless no samples are taken") }
                population = NDArray(Array(0..<n))
            } else {
                population = try NDArrayObject.from(a).flattened
                guard population.count > 0 else { throw ScriptError(.valueError, "'a' cannot be empty unless no samples are taken") }
            }
            let size = try NumpyBridge.size(b["size"])
            var replace = true
            if case .bool(let r)? = b["replace"] { replace = r }
            let n = try count(size)
            let picks: [Int]
            if let p = b.optional("p") {
                let probabilities = try NDArrayObject.from(p).doubles()
                guard probabilities.count == population.count else { throw ScriptError(.valueError, "'a' and 'p' must have same size") }
                guard replace else { throw ScriptError(.notImplementedError, "choice(replace=False, p=…) is not supported") }
                picks = try state.choiceIndices(probabilities: probabilities, count: n)
            } else {
                picks = try state.choiceIndices(population: population.count, count: n, replace: replace)
            }
            let chosen = population.taking(picks)
            guard let size = size else { return NumpyBridge.value(chosen.scalar(at: 0)) }
            return .object(NDArrayObject(try chosen.reshaped(size)))
        }
        return random
    }

    /// The rows (axis 0) of `array` shuffled by numpy's legacy Fisher–Yates walk.
    static func shuffledRows(_ array: NDArray, _ state: RandomState) throws -> NDArray {
        let rows = array.shape[0]
        let rowSize = rows == 0 ? 0 : array.count / rows
        var order = Array(0..<rows)
        if rowSize > 0 { state.shuffle(&order) }
        let offsets = order.flatMap { r in (0..<rowSize).map { r * rowSize + $0 } }
        return try array.taking(offsets).reshaped(array.shape)
    }
}
