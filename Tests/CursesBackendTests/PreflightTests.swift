import Testing
import CursesBackend

@Suite("Preflight")
struct PreflightTests {
    @Test func aTerminalWithATermTypeCanStart() {
        #expect(TerminalSession.preflight(stdinIsTTY: true, stdoutIsTTY: true, term: "xterm-256color") == nil)
        #expect(TerminalSession.preflight(stdinIsTTY: true, stdoutIsTTY: true, term: "tmux-256color") == nil)
    }

    @Test func pipedInputOrOutputCannot() {
        let input = TerminalSession.preflight(stdinIsTTY: false, stdoutIsTTY: true, term: "xterm")
        let output = TerminalSession.preflight(stdinIsTTY: true, stdoutIsTTY: false, term: "xterm")
        #expect(input?.contains("standard input") == true)
        #expect(output?.contains("standard output") == true)
    }

    @Test func missingEmptyOrDumbTermCannot() {
        for term in [nil, "", "dumb"] as [String?] {
            let reason = TerminalSession.preflight(stdinIsTTY: true, stdoutIsTTY: true, term: term)
            #expect(reason != nil, "TERM=\(term ?? "unset")")
            #expect(reason?.contains("\n") == false)
        }
    }

    @Test func theConvenienceReadsThisProcess() {
        // Under `swift test` stdin/stdout are whatever the runner has; the answer must at least
        // agree with the pure function on the same facts.
        let expected = TerminalSession.preflight(
            stdinIsTTY: isatty(0) == 1, stdoutIsTTY: isatty(1) == 1,
            term: getenv("TERM").map { String(cString: $0) })
        #expect(TerminalSession.preflight() == expected)
    }
}

#if canImport(Glibc)
import Glibc
#endif
