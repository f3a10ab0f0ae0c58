import Foundation
import Script
import XCTest

/// Error wording (checked against CPython 3.11), traceback layout, `isComplete`, completion
/// offsets and inspection.
final class DiagnosticsTests: XCTestCase {
    func error(of source: String, _ interpreter: Interpreter? = nil) -> ScriptError? {
        let interpreter = interpreter ?? Interpreter(sink: TestSink())
        do {
            _ = try interpreter.execute(source, cellName: "Cell In[3]")
            return nil
        } catch let e as ScriptError {
            return e
        } catch {
            return nil
        }
    }

    func testErrorMessageWording() {
        let table: [(String, String)] = [
            ("x", "NameError: name 'x' is not defined"),
            ("1 + 'a'", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"),
            ("[1] * 2.0", "TypeError: can't multiply sequence by non-int of type 'float'"),
            ("2 ** 'a'", "TypeError: unsupported operand type(s) for ** or pow(): 'int' and 'str'"),
            ("(1)[0]", "TypeError: 'int' object is not subscriptable"),
            ("def f(a): pass\nf(x=1)", "TypeError: f() got an unexpected keyword argument 'x'"),
            ("def f(a, b): pass\nf()", "TypeError: f() missing 2 required positional arguments: 'a' and 'b'"),
            ("def f(a): pass\nf(1, a=2)", "TypeError: f() got multiple values for argument 'a'"),
            ("def f(): pass\nf(1)", "TypeError: f() takes 0 positional arguments but 1 was given"),
            ("[1][5]", "IndexError: list index out of range"),
            ("(1,)[5]", "IndexError: tuple index out of range"),
            ("x = [1]\nx[3] = 0", "IndexError: list assignment index out of range"),
            ("{}['k']", "KeyError: 'k'"),
            ("{}[(1, 'a')]", "KeyError: (1, 'a')"),
            ("[].x", "AttributeError: 'list' object has no attribute 'x'"),
            ("1 / 0", "ZeroDivisionError: division by zero"),
            ("1.5 / 0", "ZeroDivisionError: float division by zero"),
            ("1 // 0", "ZeroDivisionError: integer division or modulo by zero"),
            ("None + 1", "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"),
            ("len(3)", "TypeError: object of type 'int' has no len()"),
            ("3()", "TypeError: 'int' object is not callable"),
            ("for x in 3: pass", "TypeError: 'int' object is not iterable"),
            ("a, b = [1]", "ValueError: not enough values to unpack (expected 2, got 1)"),
            ("a, *b, c = [1]", "ValueError: not enough values to unpack (expected at least 2, got 1)"),
            ("'a' < 1", "TypeError: '<' not supported between instances of 'str' and 'int'"),
            ("import nowhere", "ModuleNotFoundError: No module named 'nowhere'"),
            ("raise ValueError('bad')", "ValueError: bad"),
            ("{[1]: 2}", "TypeError: unhashable type: 'list'"),
            ("'abc'.nope()", "AttributeError: 'str' object has no attribute 'nope'"),
            ("int('1.5')", "ValueError: invalid literal for int() with base 10: '1.5'"),
        ]
        for (source, expected) in table {
            XCTAssertEqual(error(of: source)?.summary, expected, source)
        }
    }

    func testRuntimeTracebackMarksTheFailingLine() throws {
        let e = try XCTUnwrap(error(of: "a = 1\nb = 2\nc = d\ne = 5"))
        XCTAssertEqual(e.tracebackLines(), [
            String(repeating: "-", count: 75),
            "NameError                                 Traceback (most recent call last)",
            "Cell In[3], line 3",
            "      1 a = 1",
            "      2 b = 2",
            "----> 3 c = d",
            "      4 e = 5",
            "",
            "NameError: name 'd' is not defined",
        ])
    }

    func testTracebackHasAFramePerFunction() throws {
        let interpreter = Interpreter(sink: TestSink())
        _ = try interpreter.execute("def ratio(x):\n    return x / 0", cellName: "Cell In[1]")
        var caught: ScriptError?
        do { _ = try interpreter.execute("ratio(4)", cellName: "Cell In[2]") } catch let e as ScriptError { caught = e }
        let e = try XCTUnwrap(caught)
        XCTAssertEqual(e.frames.map(\.source), ["Cell In[2]", "Cell In[1]"])
        XCTAssertEqual(e.frames.map(\.location.line), [1, 2])
        let lines = e.tracebackLines()
        XCTAssertTrue(lines.contains("Cell In[1], line 2, in ratio(x)"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("----> 2     return x / 0"))
        XCTAssertEqual(lines.last, "ZeroDivisionError: division by zero")
    }

    func testSyntaxErrorShowsLineAndCaret() throws {
        let e = try XCTUnwrap(error(of: "x = 1\ny = = 2"))
        XCTAssertEqual(e.kind, .syntaxError)
        XCTAssertEqual(e.location, SourceLocation(line: 2, column: 5))
        XCTAssertEqual(e.tracebackLines(), ["  Cell In[3], line 2", "    y = = 2", "        ^", "SyntaxError: invalid syntax"])
        let indented = try XCTUnwrap(error(of: "if True:\n    x = )"))
        XCTAssertEqual(indented.tracebackLines(), ["  Cell In[3], line 2", "    x = )", "        ^", "SyntaxError: unmatched ')'"])
    }

    func testColoredTracebackUsesIPythonColors() throws {
        let e = try XCTUnwrap(error(of: "undefined"))
        let lines = e.tracebackLines(colored: true)
        XCTAssertEqual(lines.first, "\u{1B}[31m" + String(repeating: "-", count: 75) + "\u{1B}[39m")
        XCTAssertEqual(lines.last, "\u{1B}[31mNameError\u{1B}[39m: name 'undefined' is not defined")
        XCTAssertTrue(lines.contains { $0.hasPrefix("\u{1B}[36mCell\u{1B}[39m") }, lines.joined(separator: "\n"))
    }

    func testParserReportsSeveralErrors() throws {
        let e = try XCTUnwrap(error(of: "x = = 1\ny = 2\nz = 1 +\nif x\n    pass\n"))
        XCTAssertEqual(e.location?.line, 1)
        XCTAssertEqual(e.notes, ["line 3: SyntaxError: invalid syntax", "line 4: SyntaxError: expected ':'"])
    }

    func testUnsupportedConstructsSaySo() throws {
        for (source, word) in [("class A:\n    pass", "class"), ("def g():\n    yield 1", "yield"), ("nonlocal x", "nonlocal")] {
            let e = try XCTUnwrap(error(of: source), source)
            XCTAssertEqual(e.kind, .syntaxError)
            XCTAssertTrue(e.message.contains("'\(word)' is not supported in Factorize"), e.message)
        }
    }

    func testIsComplete() {
        let interpreter = Interpreter(sink: TestSink())
        let table: [(String, Completeness)] = [
            ("x = 1", .complete),
            ("", .complete),
            ("for x in y:", .incomplete(indent: "    ")),
            ("for x in y:\n    if x:", .incomplete(indent: "        ")),
            ("for x in y:\n    pass", .incomplete(indent: "    ")),
            ("for x in y:\n    pass\n\n", .complete),
            ("print(1,", .incomplete(indent: "")),
            ("s = '''abc", .incomplete(indent: "")),
            ("x = 1 + \\", .incomplete(indent: "")),
            ("x = = 1", .invalid),
            ("%time x = 1", .complete),
            ("def f(a):", .incomplete(indent: "    ")),
        ]
        for (source, expected) in table {
            XCTAssertEqual(interpreter.isComplete(source), expected, source)
        }
    }

    func testCompletionOffsetsCountCodePoints() throws {
        let interpreter = Interpreter(sink: TestSink())
        _ = try interpreter.execute("ratings = [1]\nrating_count = 2", cellName: "Cell In[1]")
        let code = "s = '😀'; rat"
        let result = interpreter.completions(code: code, cursor: 12)
        XCTAssertEqual(result.matches, ["rating_count", "ratings"])
        XCTAssertEqual(result.start, 9)
        XCTAssertEqual(result.end, 12)
        let methods = interpreter.completions(code: "😀😀 = ratings.ap", cursor: 15)
        XCTAssertEqual(methods.matches, ["append"])
        XCTAssertEqual(methods.start, 13)
        XCTAssertEqual(methods.end, 15)
        let builtins = interpreter.completions(code: "pri", cursor: 3)
        XCTAssertEqual(builtins.matches, ["print"])
        let keywords = interpreter.completions(code: "whi", cursor: 3)
        XCTAssertEqual(keywords.matches, ["while"])
    }

    /// Inside a call: the callee's keyword names; inside `x['`: the dict's string keys; in
    /// another string: file paths. Offsets are the text after the quote (IPython's ranges).
    func testCompletionOfKeywordsKeysAndPaths() throws {
        let interpreter = Interpreter(sink: TestSink())
        _ = try interpreter.execute("""
            def train(data, learning_rate=0.1, num_epoch=5):
                return data
            genres = {'Drama': 1, 'Documentary': 2, 3: 'x'}
            """, cellName: "Cell In[1]")
        let keyword = interpreter.completions(code: "train([1], num", cursor: 14)
        XCTAssertEqual(keyword.matches, ["num_epoch="])
        XCTAssertEqual(keyword.start, 11)
        let nested = interpreter.completions(code: "print(train([1], learning_r", cursor: 27)
        XCTAssertEqual(nested.matches, ["learning_rate="])
        let closed = interpreter.completions(code: "train([1]) + num", cursor: 16)
        XCTAssertEqual(closed.matches, [], "no keyword names outside the call")
        let key = interpreter.completions(code: "genres['Do", cursor: 10)
        XCTAssertEqual(key.matches, ["Documentary"])
        XCTAssertEqual(key.start, 8)
        XCTAssertEqual(key.end, 10)
        XCTAssertEqual(interpreter.completions(code: "genres[\"D", cursor: 9).matches, ["Documentary", "Drama"])

        let folder = "/tmp/factorize-completion-\(getpid())"
        mkdir(folder, 0o755)
        mkdir(folder + "/ml-latest", 0o755)
        fclose(fopen(folder + "/ml-notes.txt", "w"))
        fclose(fopen(folder + "/.hidden", "w"))
        defer {
            unlink(folder + "/ml-notes.txt")
            unlink(folder + "/.hidden")
            rmdir(folder + "/ml-latest")
            rmdir(folder)
        }
        let code = "pandas.read_csv('\(folder)/ml"
        let paths = interpreter.completions(code: code, cursor: code.unicodeScalars.count)
        XCTAssertEqual(paths.matches, [folder + "/ml-latest/", folder + "/ml-notes.txt"])
        XCTAssertEqual(paths.start, 17)
        let all = interpreter.completions(code: "x = '\(folder)/", cursor: "x = '\(folder)/".unicodeScalars.count)
        XCTAssertEqual(all.matches.count, 2, "hidden files only for a '.' prefix")
        // A '#' in a comment and a closed string are not open strings.
        XCTAssertEqual(interpreter.completions(code: "x = 'a' # '/tm\ntra", cursor: 18).matches, ["train"])
    }

    func testInspectShowsDocumentation() throws {
        let interpreter = Interpreter(sink: TestSink())
        _ = try interpreter.execute("def scale(x, factor=2):\n    \"\"\"Multiplies x.\"\"\"\n    return x * factor", cellName: "Cell In[1]")
        XCTAssertEqual(interpreter.inspect(code: "scale(3)", cursor: 2), "scale(x, factor=2)\n\nMultiplies x.")
        XCTAssertEqual(interpreter.inspect(code: "scale(", cursor: 6), "scale(x, factor=2)\n\nMultiplies x.")
        XCTAssertTrue(interpreter.inspect(code: "len", cursor: 3)?.hasPrefix("len(obj)") ?? false)
        XCTAssertNil(interpreter.inspect(code: "unknown_name", cursor: 3))
    }

    func testResultOfLastExpression() throws {
        let interpreter = Interpreter(sink: TestSink())
        XCTAssertEqual(try interpreter.execute("x = 2\nx * 21", cellName: "c").map(Value.reprOf), "42")
        XCTAssertNil(try interpreter.execute("x * 21;", cellName: "c"))
        XCTAssertNil(try interpreter.execute("None", cellName: "c"))
        XCTAssertNil(try interpreter.execute("y = 3", cellName: "c"))
        XCTAssertEqual(try interpreter.execute("[1, 'a']", cellName: "c").map(Value.reprOf), "[1, 'a']")
        interpreter.reset()
        XCTAssertEqual(error(of: "x", interpreter)?.summary, "NameError: name 'x' is not defined")
    }

    func testMagicsAndHelp() throws {
        let sink = TestSink()
        let interpreter = Interpreter(sink: sink)
        var seen: [(String, String)] = []
        interpreter.magicHandler = { name, rest, _ in
            seen.append((name, rest))
            return .str("magic result")
        }
        let result = try interpreter.execute("%pylab inline\nx = 1\n%time x + 1", cellName: "c")
        XCTAssertEqual(seen.map(\.0), ["pylab", "time"])
        XCTAssertEqual(seen.map(\.1), ["inline", "x + 1"])
        XCTAssertEqual(result.map(Value.reprOf), "'magic result'")
        _ = try interpreter.execute("len?", cellName: "c")
        XCTAssertTrue(sink.stdout.hasPrefix("len(obj)"), sink.stdout)
    }

    func testInterruptRaisesKeyboardInterrupt() throws {
        let sink = TestSink()
        let interpreter = Interpreter(sink: sink)
        sink.pendingInterrupts = 50
        var caught: ScriptError?
        do { _ = try interpreter.execute("n = 0\nwhile True:\n    n += 1", cellName: "c") } catch let e as ScriptError { caught = e }
        XCTAssertEqual(caught?.kind, .keyboardInterrupt)
        XCTAssertEqual(caught?.tracebackLines().last, "KeyboardInterrupt")
        // The loop ran some iterations, then stopped at the interrupt; the session keeps `n`.
        guard case .int(let n)? = interpreter.globals["n"] else { return XCTFail("n should be an int") }
        XCTAssertGreaterThan(n, 5)
        XCTAssertLessThan(n, 50)
    }

    func testHostileInputsDoNotCrash() {
        let interpreter = Interpreter(sink: TestSink())
        let inputs = [
            String(repeating: "(", count: 10_000),
            String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
            "x = " + String(repeating: "-", count: 5000) + "1",
            "def f(n):\n    return f(n + 1)\nf(0)",
            "a = []\nfor i in range(20000):\n    a = [a]\nrepr(a)",
            "s = '😀é\u{301}'\nlen(s), s[::-1], s.upper()",
            "x = 1 +",
            "\u{0}\u{7}",
            "'" + String(repeating: "\\", count: 3),
            "f\"{\"",
            "f'{x!z}'",
            "10 ** 100",
            "2 ** 63",
            "-(2 ** 62) * 4",
            "int('9' * 30)",
            "[0] * (10 ** 12)",
            "range(10 ** 18)[5]",
            "'%d %d' % (1,)",
            "'{0} {}'.format(1, 2)",
            "round(float('inf'))",
            "chr(-1)",
        ]
        for source in inputs {
            _ = error(of: source, interpreter)
        }
        XCTAssertEqual(error(of: "def f(n):\n    return f(n + 1)\nf(0)", interpreter)?.summary,
                       "RuntimeError: maximum recursion depth exceeded")
    }
}
