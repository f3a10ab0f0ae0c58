/// The two text streams of a cell.
public enum StreamName: String {
    case stdout, stderr
}

/// Where a running script's output goes. The kernel, the REPL and the headless runner each
/// implement it (DESIGN.md, "Layers"). Methods are called on the interpreter's thread.
public protocol OutputSink: AnyObject {
    /// Text written by `print`, logging (`stderr`), progress lines. Published as it is produced.
    func write(_ text: String, to stream: StreamName)
    /// A rich value: MIME type → data (`text/plain`, `text/html`, `image/png` as base64).
    /// With a `displayID`, `update: true` replaces the earlier display of that id
    /// (Jupyter's `update_display_data`).
    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool)
    /// Jupyter's `clear_output(wait=)`.
    func clearOutput(wait: Bool)
    /// `input(prompt)`: a line from the user.
    /// - Throws: `ScriptError(.runtimeError)` when the frontend does not support input.
    func readLine(prompt: String, password: Bool) throws -> String
    /// Whether an interrupt (SIGINT, `interrupt_request`) arrived since the last call; reading
    /// it clears it. The interpreter and long built-ins poll it and raise `KeyboardInterrupt`.
    func takeInterrupt() -> Bool
}

public extension OutputSink {
    func display(_ data: [String: String]) { display(data, metadata: [:], displayID: nil, update: false) }
}
