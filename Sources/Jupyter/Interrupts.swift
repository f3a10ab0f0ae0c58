import Foundation
import Synchronization

/// The process-wide interrupt and termination flags, set from signal handlers and the control
/// thread, read by the interpreter thread (DESIGN.md, "Threads").
///
/// SIGINT is caught with a `sigaction` handler that only stores into an atomic flag. A `sigwait`
/// thread would not do: OpenBLAS starts its worker threads before `main`, with SIGINT unblocked,
/// and jupyter_client sends SIGINT to the whole process group (`os.killpg`), so the default
/// action would end the process.
public enum Interrupts {
    private static let interruptFlag = Atomic<Bool>(false)
    private static let terminateFlag = Atomic<Bool>(false)

    /// Installs the SIGINT (→ interrupt) handler and, when `handleTermination` is true (the
    /// kernel), the SIGTERM (→ terminate) handler; a REPL passes false so SIGTERM still ends it.
    /// Idempotent.
    public static func installSignalHandlers(handleTermination: Bool = true) {
        // Touch the flags first: a global's lazy initialization must not run inside a handler.
        _ = interruptFlag.load(ordering: .relaxed)
        _ = terminateFlag.load(ordering: .relaxed)
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        action.__sigaction_handler.sa_handler = { _ in Interrupts.interruptFlag.store(true, ordering: .sequentiallyConsistent) }
        sigaction(SIGINT, &action, nil)
        guard handleTermination else { return }
        action.__sigaction_handler.sa_handler = { _ in
            Interrupts.terminateFlag.store(true, ordering: .sequentiallyConsistent)
            Interrupts.interruptFlag.store(true, ordering: .sequentiallyConsistent)
        }
        sigaction(SIGTERM, &action, nil)
    }

    /// Requests an interrupt of the running cell (what SIGINT and `interrupt_request` do).
    public static func requestInterrupt() {
        interruptFlag.store(true, ordering: .sequentiallyConsistent)
    }

    /// Whether an interrupt was requested since the last call; clears the flag.
    public static func takeInterrupt() -> Bool {
        interruptFlag.exchange(false, ordering: .sequentiallyConsistent)
    }

    /// Clears a pending interrupt (done when a new cell starts: an interrupt sent while the kernel
    /// was idle must not stop the next cell).
    public static func clearInterrupt() {
        interruptFlag.store(false, ordering: .sequentiallyConsistent)
    }

    /// Requests that the kernel shut down (SIGTERM, or `shutdown_request`).
    public static func requestTermination() {
        terminateFlag.store(true, ordering: .sequentiallyConsistent)
    }

    /// Whether termination was requested.
    public static var isTerminationRequested: Bool {
        terminateFlag.load(ordering: .sequentiallyConsistent)
    }
}
