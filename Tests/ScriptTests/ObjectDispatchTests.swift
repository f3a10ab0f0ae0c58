import Script
import XCTest

/// A vector-like object implementing ScriptObject, standing in for an ndarray.
final class TestVector: ScriptObject {
    var values: [Double]
    var name = "v"
    init(_ values: [Double]) { self.values = values }

    var typeName: String { "TestVector" }
    func repr() -> String { "TestVector(\(values.map { Value.formatFloat($0) }.joined(separator: ", ")))" }
    var attributeNames: [String] { ["size", "name", "scaled", "sum"] }
    var documentation: String? { "TestVector(values)\n\nA test vector." }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "size": return .int(values.count)
        case "name": return .str(self.name)
        case "sum": return .object(BuiltinFunction("sum") { [self] _, _ in .float(self.values.reduce(0, +)) })
        case "scaled":
            return .object(BuiltinFunction("scaled") { [self] args, _ in
                let bound = try args.bind("scaled", ["factor", "offset"], required: 1)
                guard case .float(let f)? = bound["factor"] else { throw ScriptError(.typeError, "factor must be a float") }
                let offset: Double
                if case .float(let o)? = bound["offset"] { offset = o } else { offset = 0 }
                return .object(TestVector(self.values.map { $0 * f + offset }))
            })
        default: return nil
        }
    }
    func setAttribute(_ name: String, to value: Value, interpreter: Interpreter) throws -> Bool {
        guard name == "name", case .str(let s) = value else { return false }
        self.name = s
        return true
    }
    func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value? {
        .int(arguments.positional.count * 100 + arguments.keywords.count)
    }
    func item(_ index: Value, interpreter: Interpreter) throws -> Value? {
        switch index {
        case .int(let i):
            let p = i < 0 ? i + values.count : i
            guard p >= 0 && p < values.count else { throw ScriptError(.indexError, "index \(i) is out of bounds for axis 0 with size \(values.count)") }
            return .float(values[p])
        case .tuple(let parts):
            return .str("tuple of \(parts.count): " + parts.map(Value.reprOf).joined(separator: ", "))
        case .object(let o as SliceObject):
            let (start, _, step, count) = try o.indices(length: values.count)
            return .object(TestVector((0..<count).map { values[start + $0 * step] }))
        default:
            return nil
        }
    }
    func setItem(_ index: Value, to value: Value, interpreter: Interpreter) throws -> Bool {
        guard case .int(let i) = index, case .float(let v) = value, i >= 0, i < values.count else { return false }
        values[i] = v
        return true
    }
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
        let scalar: Double
        switch other {
        case .int(let i): scalar = Double(i)
        case .float(let d): scalar = d
        default: return nil
        }
        switch op {
        case .add: return .object(TestVector(values.map { $0 + scalar }))
        case .subtract: return .object(TestVector(values.map { reflected ? scalar - $0 : $0 - scalar }))
        case .multiply: return .object(TestVector(values.map { $0 * scalar }))
        default: return nil
        }
    }
    func compare(_ op: ComparisonOperator, _ other: Value) throws -> Value? {
        guard op == .greater, case .int(let i) = other else { return nil }
        return .list(ListObject(values.map { .bool($0 > Double(i)) }))
    }
    func unary(_ op: UnaryOperator) throws -> Value? {
        op == .negate ? .object(TestVector(values.map { -$0 })) : nil
    }
    func length() throws -> Int? { values.count }
    func iterate(interpreter: Interpreter) throws -> [Value]? { values.map { .float($0) } }
}

final class ObjectDispatchTests: XCTestCase {
    func run(_ source: String, with vector: TestVector) throws -> (String, Value?) {
        let sink = TestSink()
        let interpreter = Interpreter(sink: sink)
        interpreter.globals["v"] = .object(vector)
        let module = ModuleObject("testmod", doc: "A test module.")
        module.define("make", doc: "make(n)") { args, _ in
            let b = try args.bind("make", ["n"], required: 1)
            guard case .int(let n)? = b["n"] else { throw ScriptError(.typeError, "n must be an int") }
            return .object(TestVector(Array(repeating: 1, count: n)))
        }
        let sub = ModuleObject("testmod.sub")
        sub.define("answer", .int(42))
        module.define("sub", .object(sub))
        interpreter.importer = { name in
            switch name {
            case "testmod": return .object(module)
            case "testmod.sub": return .object(sub)
            default: return nil
            }
        }
        let result = try interpreter.execute(source, cellName: "Cell In[1]")
        return (sink.stdout, result)
    }

    func testAttributesCallsAndItems() throws {
        let v = TestVector([1, 2, 3])
        let (out, result) = try run("""
        print(v.size, v.name, v[0], v[-1], v[1:], v[::2])
        print(v[1, 2], v[:, 0], v(1, 2, k=3), len(v), list(v), 2.0 in v)
        v.name = 'renamed'
        v[0] = 10.0
        print(v.name, v.scaled(2.0), v.scaled(factor=1.0, offset=0.5), v.sum())
        v + 1
        """, with: v)
        XCTAssertEqual(out, """
        3 v 1.0 3.0 TestVector(2.0, 3.0) TestVector(1.0, 3.0)
        tuple of 2: 1, 2 tuple of 2: slice(None, None, None), 0 201 3 [1.0, 2.0, 3.0] True
        renamed TestVector(20.0, 4.0, 6.0) TestVector(10.5, 2.5, 3.5) 15.0

        """)
        XCTAssertEqual(result.map(Value.reprOf), "TestVector(11.0, 3.0, 4.0)")
    }

    func testOperatorsDispatchWithReflectedFallback() throws {
        let (out, _) = try run("""
        print(v * 2, 2 * v, 10 - v, v - 1, -v, v > 1)
        """, with: TestVector([1, 2]))
        XCTAssertEqual(out, "TestVector(2.0, 4.0) TestVector(2.0, 4.0) TestVector(9.0, 8.0) TestVector(0.0, 1.0) TestVector(-1.0, -2.0) [False, True]\n")
    }

    func testUnsupportedOperationsRaisePythonErrors() throws {
        let table: [(String, String)] = [
            ("v @ v", "TypeError: unsupported operand type(s) for @: 'TestVector' and 'TestVector'"),
            ("v.missing", "AttributeError: 'TestVector' object has no attribute 'missing'"),
            ("v.size = 3", "AttributeError: 'TestVector' object attribute 'size' is read-only"),
            ("v['k']", "TypeError: 'TestVector' object is not subscriptable"),
            ("v[9]", "IndexError: index 9 is out of bounds for axis 0 with size 2"),
            ("~v", "TypeError: bad operand type for unary ~: 'TestVector'"),
            ("v.scaled(1.0, 2.0, 3.0)", "TypeError: scaled() takes at most 2 positional arguments (3 given)"),
            ("v.scaled(fator=1.0)", "TypeError: scaled() got an unexpected keyword argument 'fator'"),
            ("import testmod\ntestmod.nothing", "AttributeError: module 'testmod' has no attribute 'nothing'"),
        ]
        for (source, expected) in table {
            do {
                _ = try run(source, with: TestVector([1, 2]))
                XCTFail("\(source) should fail")
            } catch let e as ScriptError {
                XCTAssertEqual(e.summary, expected, source)
            }
        }
    }

    func testImportsBindModulesAndMembers() throws {
        let (out, _) = try run("""
        import testmod
        import testmod.sub as s
        from testmod import make as mk, sub
        from testmod.sub import answer
        print(testmod, s.answer, mk(2), sub is s, answer)
        import testmod.sub
        print(testmod.sub.answer, isinstance(mk(1), testmod.make(1).__class__) if False else type(mk(1)))
        """, with: TestVector([]))
        XCTAssertEqual(out, "<module 'testmod'> 42 TestVector(1.0, 1.0) True 42\n42 <class 'TestVector'>\n")
    }

    func testHelpUsesDocumentation() throws {
        let (out, _) = try run("help(v)\nimport testmod\ntestmod.make?", with: TestVector([]))
        XCTAssertEqual(out, "TestVector(values)\n\nA test vector.\nmake(n)\n")
    }
}

/// A context manager recording `__enter__`/`__exit__` calls, like `zipfile.ZipFile`.
final class TestContext: ScriptObject {
    var log: [String] = []
    var typeName: String { "TestContext" }
    func repr() -> String { "<TestContext>" }
    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "__enter__": return .object(BuiltinFunction("__enter__") { [self] _, _ in self.log.append("enter"); return .str("resource") })
        case "__exit__": return .object(BuiltinFunction("__exit__") { [self] _, _ in self.log.append("exit"); return .none })
        default: return nil
        }
    }
}

final class ContextManagerTests: XCTestCase {
    func testWithCallsEnterAndExitEvenOnError() throws {
        let sink = TestSink()
        let interpreter = Interpreter(sink: sink)
        let context = TestContext()
        interpreter.globals["ctx"] = .object(context)
        _ = try interpreter.execute("with ctx as f:\n    print(f)", cellName: "c")
        XCTAssertEqual(sink.stdout, "resource\n")
        XCTAssertEqual(context.log, ["enter", "exit"])
        XCTAssertThrowsError(try interpreter.execute("with ctx as f:\n    1 / 0", cellName: "c"))
        XCTAssertEqual(context.log, ["enter", "exit", "enter", "exit"])
    }

    func testInputReadsFromTheSink() throws {
        let sink = TestSink()
        sink.inputs = ["42"]
        let interpreter = Interpreter(sink: sink)
        let result = try interpreter.execute("int(input('n? ')) + 1", cellName: "c")
        XCTAssertEqual(result.map(Value.reprOf), "43")
        XCTAssertEqual(sink.stdout, "n? ")
    }
}
