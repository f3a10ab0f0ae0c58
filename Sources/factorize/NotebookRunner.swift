import Builtins
import Foundation
import Script

/// Runs a notebook in-process, without Jupyter (`factorize run`): every code cell through one
/// `Session`, outputs written back in nbformat 4 (stream, display_data with PNG,
/// execute_result, error), parameters injected as papermill does.
final class NotebookRunner {
    /// A notebook that cannot be read or written.
    struct NotebookError: Error, CustomStringConvertible {
        let description: String
    }

    private var notebook: [String: Any]
    private var cells: [[String: Any]]
    private let sink: NotebookSink
    private let session: Session

    /// Reads the notebook at `path` (nbformat 4 JSON).
    /// - Throws: `NotebookError` when the file is missing or not a version-4 notebook.
    init(path: String, echo: Bool) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError(description: "cannot read \(path): no such file")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let cells = root["cells"] as? [[String: Any]] else {
            throw NotebookError(description: "\(path) is not a Jupyter notebook (JSON with a \"cells\" list)")
        }
        if let major = root["nbformat"] as? Int, major != 4 {
            throw NotebookError(description: "\(path) is nbformat \(major); only nbformat 4 is supported")
        }
        notebook = root
        self.cells = cells
        sink = NotebookSink(echo: echo)
        session = Session(sink: sink)
    }

    /// Adds a cell after the one tagged `parameters` (or first) that assigns `parameters`, as
    /// papermill's `-p name value` does. Values that read as numbers, booleans or None keep their
    /// type; others become strings.
    func inject(_ parameters: [(String, String)]) {
        guard !parameters.isEmpty else { return }
        let lines = parameters.map { name, value in "\(name) = \(Self.literal(value))" }
        let cell: [String: Any] = [
            "cell_type": "code", "execution_count": NSNull(), "outputs": [],
            "metadata": ["tags": ["injected-parameters"]],
            "source": "# Parameters\n" + lines.joined(separator: "\n"),
            "id": "injected-parameters",
        ]
        let tagged = cells.firstIndex { cell in
            ((cell["metadata"] as? [String: Any])?["tags"] as? [String])?.contains("parameters") ?? false
        }
        cells.insert(cell, at: tagged.map { $0 + 1 } ?? 0)
    }

    static func literal(_ text: String) -> String {
        if Int(text) != nil || (Double(text) != nil && !text.lowercased().contains("n")) { return text }
        if ["True", "False", "None"].contains(text) { return text }
        return Value.quote(text)
    }

    /// Runs every code cell in order; stops at the first error.
    /// - Returns: the error that stopped the run, or `nil` when every cell ran.
    func run() -> ScriptError? {
        var count = 0
        for index in cells.indices where cells[index]["cell_type"] as? String == "code" {
            let source = Self.text(cells[index]["source"])
            count += 1
            sink.begin()
            var failure: ScriptError?
            do {
                if let value = try session.runCell(source, cellName: "Cell In[\(count)]") {
                    sink.addResult(session.mimeBundle(for: value), executionCount: count)
                }
            } catch let error as ScriptError {
                failure = error
                sink.addError(error)
            } catch {
                let wrapped = ScriptError(.runtimeError, "\(error)")
                failure = wrapped
                sink.addError(wrapped)
            }
            cells[index]["outputs"] = sink.finish()
            cells[index]["execution_count"] = count
            if let failure { return failure }
        }
        return nil
    }

    /// Writes the notebook with its outputs to `path`.
    /// - Throws: `NotebookError` when the file cannot be written.
    func write(to path: String) throws {
        notebook["cells"] = cells
        let data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        do { try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path)) } catch {
            throw NotebookError(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// A cell's source: a string, or a list of lines.
    static func text(_ source: Any?) -> String {
        if let string = source as? String { return string }
        if let lines = source as? [String] { return lines.joined() }
        return ""
    }
}

/// Collects one cell's outputs in nbformat 4 shape; optionally mirrors text to the terminal.
final class NotebookSink: OutputSink {
    private let echo: Bool
    private var outputs: [[String: Any]] = []

    init(echo: Bool) { self.echo = echo }

    func begin() { outputs = [] }

    /// Writes unbuffered to the terminal, so stdout and stderr interleave in order.
    static func mirror(_ text: String, to stream: StreamName) {
        FileHandle(fileDescriptor: stream == .stdout ? 1 : 2).write(Data(text.utf8))
    }
    /// The cell's outputs; `transient` (the display id used to apply updates) is not part of
    /// nbformat, so it is dropped.
    func finish() -> [[String: Any]] {
        outputs.map { output in
            var output = output
            output["transient"] = nil
            return output
        }
    }

    func write(_ text: String, to stream: StreamName) {
        if echo { Self.mirror(text, to: stream) }
        if var last = outputs.last, last["output_type"] as? String == "stream", last["name"] as? String == stream.rawValue {
            last["text"] = (last["text"] as? String ?? "") + text
            outputs[outputs.count - 1] = last
        } else {
            outputs.append(["output_type": "stream", "name": stream.rawValue, "text": text])
        }
    }

    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) {
        if echo, !update, let text = data["text/plain"] { Self.mirror(text + "\n", to: .stdout) }
        var output: [String: Any] = ["output_type": "display_data", "data": data, "metadata": [String: Any]()]
        if let displayID { output["transient"] = ["display_id": displayID] }
        if update, let displayID,
           let index = outputs.lastIndex(where: { (($0["transient"] as? [String: Any])?["display_id"] as? String) == displayID }) {
            outputs[index] = output
        } else {
            outputs.append(output)
        }
    }

    func clearOutput(wait: Bool) { outputs = [] }

    func readLine(prompt: String, password: Bool) throws -> String {
        throw ScriptError(.runtimeError, "input() is not available in a headless run (factorize run)")
    }

    func takeInterrupt() -> Bool { false }

    func addResult(_ bundle: [String: String], executionCount: Int) {
        if echo, let text = bundle["text/plain"] { Self.mirror("Out[\(executionCount)]: \(text)\n", to: .stdout) }
        outputs.append(["output_type": "execute_result", "execution_count": executionCount,
                        "data": bundle, "metadata": [String: Any]()])
    }

    func addError(_ error: ScriptError) {
        outputs.append(["output_type": "error", "ename": error.kind.rawValue, "evalue": error.message,
                        "traceback": error.tracebackLines(colored: true)])
    }
}
