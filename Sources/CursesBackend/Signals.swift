import CNcursesw

// The ONLY Swift file that calls the `iskra_signals_*` C functions: their state is `static` in
// shim.h, so it exists once per object file (see the comment at the top of shim.h). Everything
// else goes through `SignalGuard`.

/// Quit (INT, TERM, HUP) and crash (SEGV, BUS, ILL, FPE, ABRT, TRAP) handlers for the
/// lifetime of a terminal session, and with job control the Ctrl-Z (TSTP) and CONT flags.
enum SignalGuard {
    /// Installs the handlers and clears any earlier quit signal. With `jobControl`, Ctrl-Z and
    /// SIGCONT set flags that the session acts on between reads (see `takeSuspendRequest`).
    static func install(jobControl: Bool) { iskra_signals_install(jobControl) }

    /// Restores the handlers that were in place before `install()`.
    static func uninstall() { iskra_signals_uninstall() }

    /// Whether the crash handler should undo curses (endwin, and mouse mode when `mouse`).
    static func setCursesLive(_ live: Bool, mouse: Bool) {
        iskra_signals_set_curses_live(live, mouse)
    }

    /// SIGINT, SIGTERM or SIGHUP if one arrived since `install()`, else nil.
    static var quitSignal: Int32? {
        let signal = iskra_signals_quit_signal()
        return signal == 0 ? nil : signal
    }

    /// Whether Ctrl-Z arrived since the last look (cleared by looking).
    static func takeSuspendRequest() -> Bool { iskra_signals_take_suspend() }

    /// Whether the process was continued after a stop since the last look (cleared by looking).
    static func takeContinued() -> Bool { iskra_signals_take_continued() }

    /// Stops the process until it is continued (`fg`). Put the terminal back first.
    static func stopUntilContinued() { iskra_signals_stop() }
}
