import CNcursesw
import Glibc
import TextUI

/// Why a terminal session could not start.
public enum TerminalSessionError: Error, Equatable, CustomStringConvertible {
    /// `newterm` refused the terminal (unknown TERM, or no terminfo entry).
    case cannotOpenTerminal(term: String?)
    /// `/dev/null` could not be opened for a headless session.
    case cannotOpenNullDevice

    public var description: String {
        switch self {
        case .cannotOpenTerminal(let term):
            return "cannot open the terminal (TERM=\(term ?? "unset")): no usable terminfo entry"
        case .cannotOpenNullDevice:
            return "cannot open /dev/null for a headless terminal"
        }
    }
}

/// The terminal, for the lifetime of the explorer: ncurses set up and torn down, input turned
/// into `InputEvent`s, frames drawn by difference.
///
/// Not thread-safe, like ncurses itself: create it, use it and let it go on one thread (the
/// main one). Only one session may be open at a time. Call `preflight()` before creating one.
public final class TerminalSession: Terminal {
    typealias Window = UnsafeMutablePointer<WINDOW>

    /// Where the session reads and writes.
    enum Device {
        /// stdin/stdout, with the terminal type from TERM.
        case standardStreams
        /// /dev/null in and out with an explicit terminal type: renders headless, for tests.
        case headless(term: String)
    }

    // MARK: Preflight

    /// Why the explorer cannot start here, as one line for the user, or nil when it can.
    /// Pure: the caller prints the reason (suggesting `iskra export`) and exits with status 2.
    public static func preflight(stdinIsTTY: Bool, stdoutIsTTY: Bool, term: String?) -> String? {
        if !stdinIsTTY { return "standard input is not a terminal" }
        if !stdoutIsTTY { return "standard output is not a terminal" }
        guard let term, !term.isEmpty else { return "TERM is not set, so the terminal type is unknown" }
        if term == "dumb" { return "the terminal is \"dumb\" (TERM=dumb) and cannot show the explorer" }
        return nil
    }

    /// `preflight(stdinIsTTY:stdoutIsTTY:term:)` for this process: isatty(0), isatty(1), TERM.
    public static func preflight() -> String? {
        preflight(stdinIsTTY: isatty(STDIN_FILENO) == 1, stdoutIsTTY: isatty(STDOUT_FILENO) == 1,
                  term: getenv("TERM").map { String(cString: $0) })
    }

    // MARK: State

    private var screen: OpaquePointer?
    private var nullFiles: [UnsafeMutablePointer<FILE>] = []
    private let mouseEnabled: Bool
    /// Mouse reporting is on now (it is off while a citation is shown to select by hand).
    private var mouseCaptured = true
    private let colorCount: Int
    private let defaultColors: Bool
    /// Colour pairs by (foreground, background) ncurses colour numbers, allocated lazily.
    private var pairs: [PairKey: Int32] = [:]
    private var previousFrame: ScreenBuffer?
    private var needsFullRedraw = true
    private var glyph: [wchar_t] = []
    /// What ncurses left as Esc and plain characters, being decoded.
    private var decoder = EscapeDecoder()
    /// Events decoded ahead of the one returned (Esc then `[` when a person typed both).
    private var queued: [InputEvent] = []
    /// The terminal's descriptor, for its size after a stop; -1 headless.
    private var terminalDescriptor: Int32 = -1
    /// The terminal's input, watched beside a wake-up descriptor (see `nextEvent(…, wake:)`).
    private var inputDescriptor: Int32 = -1
    /// Back from a stop: turn the keypad on again before the next read.
    private var keypadNeeded = false

    /// ncurses waits this long after Esc for the rest of a sequence it knows; the session
    /// allows the same gap between the characters of one it does not.
    static let escapeDelay: Int32 = 25

    /// What the terminal can show, after the `colors` choice made at init.
    public let colorCapability: ColorCapability
    /// Whether the locale gives UTF-8 (wide characters draw correctly).
    public let unicodeLocale: Bool

    // MARK: Life cycle

    /// Opens the terminal on stdin/stdout: UTF-8 locale, signal handlers, `newterm`, cbreak,
    /// no echo, keypad, hidden cursor, 25 ms Escape delay, Ctrl-Z handled between reads; mouse
    /// reporting when `mouse`;
    /// colours when `colors` and the terminal has them.
    /// Throws when ncurses does not know the terminal. Call `preflight()` first: on a non-TTY,
    /// ncurses reads end-of-file forever.
    public convenience init(mouse: Bool, colors: Bool) throws {
        try self.init(mouse: mouse, colors: colors, device: .standardStreams)
    }

    /// A session that draws to /dev/null as terminal `term`: everything a real start-up does
    /// (locale, newterm, colours, drawing), with no screen. For benchmarks.
    public static func headless(term: String, colors: Bool) throws -> TerminalSession {
        try TerminalSession(mouse: false, colors: colors, device: .headless(term: term))
    }

    init(mouse: Bool, colors: Bool, device: Device) throws {
        unicodeLocale = Self.setUpLocale()
        let interactive = if case .standardStreams = device { true } else { false }
        // Before newterm, so ncurses leaves INT/TERM, and TSTP when interactive, to us.
        SignalGuard.install(jobControl: interactive)

        let term: String?
        let output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>
        switch device {
        case .standardStreams:
            term = nil
            output = iskra_stdout()
            input = iskra_stdin()
            terminalDescriptor = fileno(output)
            inputDescriptor = fileno(input)
        case .headless(let name):
            term = name
            guard let out = fopen("/dev/null", "w") else {
                SignalGuard.uninstall()
                throw TerminalSessionError.cannotOpenNullDevice
            }
            guard let inp = fopen("/dev/null", "r") else {
                fclose(out)
                SignalGuard.uninstall()
                throw TerminalSessionError.cannotOpenNullDevice
            }
            output = out
            input = inp
            nullFiles = [out, inp]
        }

        let opened: OpaquePointer? = if let term {
            term.withCString { newterm(UnsafeMutablePointer(mutating: $0), output, input) }
        } else {
            newterm(nil, output, input)
        }
        guard let opened else {
            for file in nullFiles { fclose(file) }
            SignalGuard.uninstall()
            throw TerminalSessionError.cannotOpenTerminal(
                term: term ?? getenv("TERM").map { String(cString: $0) })
        }
        screen = opened

        guard let window = iskra_stdscr() else {
            // Cannot happen after a successful newterm; fail cleanly rather than crash.
            delscreen(opened)
            screen = nil
            for file in nullFiles { fclose(file) }
            SignalGuard.uninstall()
            throw TerminalSessionError.cannotOpenTerminal(term: term)
        }
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true)
        _ = iskra_set_escdelay(Self.escapeDelay)
        curs_set(0)

        if colors && has_colors() && start_color() == OK {
            defaultColors = use_default_colors() == OK
            colorCount = Int(iskra_colors())
            colorCapability = colorCount >= 256 ? .palette256 : (colorCount >= 8 ? .basic8 : .monochrome)
        } else {
            defaultColors = false
            colorCount = 0
            colorCapability = .monochrome
        }

        if mouse {
            mouseEnabled = mousemask(KeyTranslation.mouseMask, nil) != 0
            mouseinterval(0) // report presses at once instead of waiting to build clicks
        } else {
            mouseEnabled = false
        }
        if case .standardStreams = device { pasteMarked = true } else { pasteMarked = false }
        if pasteMarked { iskra_set_bracketed_paste(true) }
        SignalGuard.setCursesLive(true, mouse: mouseEnabled)
    }

    /// Whether the terminal was asked to mark pastes (not for a headless session).
    private let pasteMarked: Bool

    deinit { end() }

    /// Restores the terminal: mouse reporting off, cursor visible, normal screen, previous
    /// signal handlers. Safe to call more than once; later calls do nothing.
    public func end() {
        guard let screen else { return }
        SignalGuard.setCursesLive(false, mouse: false)
        if mouseEnabled { mousemask(0, nil) }
        if pasteMarked { iskra_set_bracketed_paste(false) }
        curs_set(1)
        endwin()
        delscreen(screen)
        self.screen = nil
        for file in nullFiles { fclose(file) }
        nullFiles = []
        fflush(iskra_stdout())
        SignalGuard.uninstall()
    }

    /// Whether the session is open (not yet ended).
    public var isActive: Bool { screen != nil }

    /// Sets LC_ALL from the environment; when that is not UTF-8, LC_CTYPE falls back to
    /// C.UTF-8. Returns whether the result is UTF-8.
    private static func setUpLocale() -> Bool {
        setlocale(LC_ALL, "")
        if iskra_codeset_is_utf8() { return true }
        setlocale(LC_CTYPE, "C.UTF-8")
        return iskra_codeset_is_utf8()
    }

    // MARK: Queries

    /// The terminal size in cells (0x0 once ended).
    public var size: Size {
        guard screen != nil, let window = iskra_stdscr() else { return Size(width: 0, height: 0) }
        return Size(width: Int(iskra_max_x(window)), height: Int(iskra_max_y(window)))
    }

    /// Off with `--no-clipboard`; never on the Linux console, which does not know OSC 52.
    public var clipboardAllowed = true

    /// OSC 52, written straight to the terminal after the frame (ncurses has no call for it).
    /// A terminal that does not know it ignores it: the caller says where the text can be
    /// selected by hand as well.
    public func copyToClipboard(_ text: String) -> Bool {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard clipboardAllowed, terminalDescriptor >= 0, term != "linux", !term.hasPrefix("vt") else { return false }
        var bytes = osc52(text)
        // Inside GNU screen the sequence must be passed through to the outer terminal.
        if term.hasPrefix("screen") && getenv("TMUX") == nil {
            bytes = Array("\u{1B}P".utf8) + bytes + Array("\u{1B}\\".utf8)
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBufferPointer { write(terminalDescriptor, $0.baseAddress, $0.count) }
            if n <= 0 { return false }
            written += n
        }
        return true
    }

    /// While a text is shown to be selected by hand, the terminal's own selection must work.
    public func setMouseCapture(_ enabled: Bool) {
        guard mouseEnabled, enabled != mouseCaptured else { return }
        mouseCaptured = enabled
        mousemask(enabled ? KeyTranslation.mouseMask : 0, nil)
        SignalGuard.setCursesLive(true, mouse: enabled)
    }

    /// Whether SIGINT (Ctrl-C), SIGTERM or SIGHUP arrived: the app should quit.
    public var quitRequested: Bool { SignalGuard.quitSignal != nil }

    /// The quit signal that arrived, if any (for an exit status of 128 + signal).
    public var quitSignal: Int32? { SignalGuard.quitSignal }

    // MARK: Input

    /// Waits up to `timeoutMilliseconds` (negative: indefinitely) for input. Returns nil on
    /// timeout, when a quit signal arrived (check `quitRequested`), or for input the app has no
    /// use for (a mouse release, an unknown key or escape sequence). A resize (also one that
    /// happened while the process was stopped) comes back as `.resize`, and the next `draw`
    /// repaints everything. Ctrl-Z suspends the process here; once continued (`fg`) this
    /// returns `.resize` with the terminal's current size, and the keypad is turned on again
    /// before the next key is read.
    ///
    /// Keys ncurses knows from the terminfo entry come through `KeyTranslation`; an Esc it
    /// leaves followed by plain characters (`ESC [ 1 ~`, Home where the entry says `ESC O H`)
    /// is read on as far as the sequence goes and decoded by `EscapeDecoder`.
    public func nextEvent(timeoutMilliseconds: Int32) -> InputEvent? {
        nextEvent(timeoutMilliseconds: timeoutMilliseconds, wake: nil)
    }

    /// The same, also returning nil as soon as `wake` (a pipe a background job writes to when
    /// its result is in) becomes readable: the loop then takes the result, with no polling.
    public func nextEvent(timeoutMilliseconds: Int32, wake: Int32?) -> InputEvent? {
        guard screen != nil, !quitRequested, let window = iskra_stdscr() else { return nil }
        if let resumed = resumeAfterStop() { return resumed }
        if !queued.isEmpty { return queued.removeFirst() }
        if keypadNeeded {
            keypadNeeded = false
            keypad(window, true)
        }
        var timeout = timeoutMilliseconds
        if let wake, inputDescriptor < 0, timeout != 0 {
            // No terminal to read (the benchmark's headless start): wait for the job alone,
            // rather than spin on a read that returns at once.
            var watched = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            _ = poll(&watched, 1, timeout)
            return nil
        }
        if let wake, inputDescriptor >= 0, timeout != 0 {
            // ncurses may already hold input it read: that first, without waiting.
            if let held = read(window, timeout: 0) { return held }
            var watched = [pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&watched, 2, timeout)
            if quitRequested { return nil }
            if ready == 0 || (ready > 0 && watched[0].revents == 0) { return nil } // timed out, or woken
            // Input, or a signal (a resize, Ctrl-Z): read it without waiting.
            timeout = 0
        }
        return read(window, timeout: timeout)
    }

    /// One `wget_wch` with a timeout, turned into an event.
    private func read(_ window: Window, timeout: Int32) -> InputEvent? {
        wtimeout(window, timeout)
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        if quitRequested { return nil }
        switch status {
        case OK:
            if code == 27 { return escapeSequence(window) }
            return KeyTranslation.key(for: .character(UInt32(code))).map(InputEvent.key)
        case iskra_key_code_yes():
            return event(forKeyCode: Int32(bitPattern: UInt32(code)))
        default:
            // A timeout, or a signal: Ctrl-Z interrupts the wait and suspends here.
            return resumeAfterStop()
        }
    }

    /// The event for a code ncurses decoded: a resize, a mouse event, or a key.
    private func event(forKeyCode keyCode: Int32) -> InputEvent? {
        if keyCode == iskra_key_resize() {
            needsFullRedraw = true
            return .resize(size)
        }
        if keyCode == iskra_key_mouse() {
            var event = MEVENT()
            guard getmouse(&event) == OK,
                  let button = KeyTranslation.mouseButton(for: event.bstate) else { return nil }
            return .mouse(MouseEvent(button: button, position: Point(x: Int(event.x), y: Int(event.y))))
        }
        return key(forKeyCode: keyCode).map(InputEvent.key)
    }

    /// The key for a code ncurses decoded, its extended codes (xterm's `kUP5`…) by name.
    private func key(forKeyCode keyCode: Int32) -> Key? {
        if let key = KeyTranslation.key(forKeyCode: keyCode) { return key }
        guard keyCode > iskra_key_max(), let name = keyname(keyCode) else { return nil }
        return KeyTranslation.key(forExtendedName: String(cString: name))
    }

    /// Reads on after an Esc and decodes what follows. ncurses returns Esc alone either after
    /// waiting the escape delay (a real Esc) or at once, with the rest of a sequence it does
    /// not know already in its buffer: so the first look does not wait, and then a gap of one
    /// escape delay is allowed between the characters of a sequence. Reading stops at the end
    /// of the sequence, never past it.
    private func escapeSequence(_ window: Window) -> InputEvent? {
        var tokens = decoder.feed(.character(27))
        var trailing: InputEvent?
        var wait: Int32 = 0
        while !decoder.isIdle {
            wtimeout(window, wait)
            wait = Self.escapeDelay
            var code: wint_t = 0
            switch wget_wch(window, &code) {
            case OK:
                tokens += decoder.feed(.character(UInt32(code)))
            case iskra_key_code_yes():
                let keyCode = Int32(bitPattern: UInt32(code))
                if let key = key(forKeyCode: keyCode) {
                    tokens += decoder.feed(.key(key))
                } else {
                    // A resize or a mouse event cuts the sequence short.
                    tokens += decoder.flush()
                    trailing = event(forKeyCode: keyCode)
                }
            default:
                tokens += decoder.flush() // input paused (or a signal arrived)
            }
        }
        for (index, token) in tokens.enumerated() {
            switch token {
            case .key(let key): queued.append(.key(key))
            case .pasteStart:
                // What follows, to the end marker, was pasted: one event, however long.
                queued.append(.paste(readPaste(window, after: tokens[(index + 1)...])))
                if let trailing { queued.append(trailing) }
                return queued.isEmpty ? nil : queued.removeFirst()
            case .pasteEnd: break
            }
        }
        if let trailing { queued.append(trailing) }
        return queued.isEmpty ? nil : queued.removeFirst()
    }

    /// Pasted text never waits on a missing end marker for long, nor grows without bound.
    static let pasteLimit = 1 << 20
    static let pastePause: Int32 = 200

    /// Reads a bracketed paste up to its end marker (or a pause, or the size limit): the
    /// characters as text, Enter as a line break, Tab as a tab, nothing decoded as a key.
    private func readPaste(_ window: Window, after decoded: ArraySlice<EscapeDecoder.Token>) -> String {
        var text = String.UnicodeScalarView()
        for token in decoded {
            switch token {
            case .pasteEnd: return String(text)
            case .key(.character(let character)): text.append(contentsOf: character.unicodeScalars)
            case .key, .pasteStart: break
            }
        }
        var count = 0
        while true {
            wtimeout(window, Self.pastePause)
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            guard status == OK else {
                // A key code inside a paste (a terminal that decodes Enter itself): its text.
                if status == iskra_key_code_yes(), let key = key(forKeyCode: Int32(bitPattern: UInt32(code))) {
                    if key == .enter { text.append("\n") }
                    if key == .tab { text.append("\t") }
                    continue
                }
                return String(text) // no end marker came: what arrived is the paste
            }
            if code == 27 {
                // The end marker, or an escape inside the paste (dropped, as the terminal would).
                var tokens = decoder.feed(.character(27))
                while !decoder.isIdle {
                    wtimeout(window, Self.escapeDelay)
                    var next: wint_t = 0
                    tokens += wget_wch(window, &next) == OK ? decoder.feed(.character(UInt32(next))) : decoder.flush()
                }
                if tokens.contains(.pasteEnd) { return String(text) }
                continue
            }
            count += 1
            guard count <= Self.pasteLimit, let scalar = Unicode.Scalar(UInt32(code)) else { continue }
            text.append(scalar == "\r" ? "\n" : scalar)
        }
    }

    /// Acts on Ctrl-Z and on being continued after a stop; nil when neither happened.
    ///
    /// Ctrl-Z: the terminal is put back (endwin) and the process stops until `fg`. Continued
    /// (after Ctrl-Z, or SIGSTOP and SIGCONT): the terminal may have been resized with no
    /// SIGWINCH reaching a stopped process, so its size is asked again; the keypad, which
    /// endwin turned off, goes back on before the next read; and the screen is repainted whole.
    private func resumeAfterStop() -> InputEvent? {
        var resumed = false
        if SignalGuard.takeSuspendRequest() {
            SignalGuard.setCursesLive(false, mouse: false)
            if pasteMarked { iskra_set_bracketed_paste(false) }
            endwin()
            SignalGuard.stopUntilContinued()
            if pasteMarked { iskra_set_bracketed_paste(true) }
            SignalGuard.setCursesLive(true, mouse: mouseEnabled && mouseCaptured)
            resumed = true
        }
        if SignalGuard.takeContinued() { resumed = true }
        guard resumed else { return nil }
        var rows: Int32 = 0, cols: Int32 = 0
        if terminalDescriptor >= 0, iskra_terminal_size(terminalDescriptor, &rows, &cols) == OK,
           rows != iskra_lines() || cols != iskra_cols() {
            resize_term(rows, cols)
        }
        keypadNeeded = true
        invalidate()
        return .resize(size)
    }

    // MARK: Output

    /// Makes the next `draw` repaint every cell and the terminal clear itself first (after
    /// something else wrote to the terminal, or for Ctrl-L).
    public func invalidate() {
        needsFullRedraw = true
        if screen != nil { clearok(iskra_curscr(), true) }
    }

    /// Draws `frame`: only the cells that changed since the previous frame, or every cell after
    /// a resize, `invalidate()` or a size change. Cells beyond the terminal are clipped.
    public func draw(_ frame: ScreenBuffer) {
        guard screen != nil, let window = iskra_stdscr() else { return }
        let rows = Int(iskra_max_y(window)), cols = Int(iskra_max_x(window))
        var baseline = previousFrame
        if needsFullRedraw || baseline?.size != frame.size {
            werase(window)
            baseline = nil
            needsFullRedraw = false
        }
        for run in frame.changedRuns(since: baseline) where run.y < rows {
            draw(run, of: frame, window: window, rows: rows, cols: cols)
        }
        previousFrame = frame
        wnoutrefresh(window)
        doupdate()
    }

    private func draw(_ run: CellRun, of frame: ScreenBuffer, window: Window,
                      rows: Int, cols: Int) {
        let y = run.y
        var i = 0
        while i < run.cells.count {
            let x = run.x + i
            if x >= cols { return }
            let cell = run.cells[i]
            if cell.isContinuation {
                // Only reached when the run starts on the right half of a wide character:
                // nothing to draw if its left half stands there, drawn wide.
                if x > 0, !frame[x - 1, y].isContinuation,
                   setGlyph(frame[x - 1, y].grapheme, roomForWide: x < cols) == 2 {
                    i += 1
                    continue
                }
                putBlank(style: cell.style, y: y, x: x, window: window, rows: rows, cols: cols)
                i += 1
                continue
            }
            let wide = x + 1 < frame.size.width && frame[x + 1, y].isContinuation
            let width = put(cell.grapheme, style: cell.style, y: y, x: x, wideSlot: wide,
                            window: window, rows: rows, cols: cols)
            if wide {
                // The frame reserved two columns. A glyph the terminal shows narrow leaves the
                // second to fill with a blank, so the screen keeps the frame's geometry.
                if width == 1 && x + 1 < cols {
                    putBlank(style: frame[x + 1, y].style, y: y, x: x + 1,
                             window: window, rows: rows, cols: cols)
                }
                i += 2
            } else {
                i += 1
            }
        }
    }

    /// Draws a grapheme in a slot of one column, or two when `wideSlot`; returns the columns
    /// the drawn glyph takes.
    @discardableResult
    private func put(_ grapheme: String, style: Style, y: Int, x: Int, wideSlot: Bool,
                     window: Window, rows: Int, cols: Int) -> Int {
        let width = setGlyph(grapheme, roomForWide: wideSlot && x + 1 < cols)
        put(glyphIn: style, y: y, x: x, width: width, window: window, rows: rows, cols: cols)
        return width
    }

    private func putBlank(style: Style, y: Int, x: Int, window: Window, rows: Int, cols: Int) {
        setGlyph(" ", roomForWide: false)
        put(glyphIn: style, y: y, x: x, width: 1, window: window, rows: rows, cols: cols)
    }

    /// Puts `glyph` at y,x. The glyph that ends in the bottom-right cell is inserted rather
    /// than added, so the cursor never moves past the end of the screen.
    private func put(glyphIn style: Style, y: Int, x: Int, width: Int, window: Window,
                     rows: Int, cols: Int) {
        let attributes = cursesAttributes(style.attributes)
        let pair = colorPair(style)
        let insert = y == rows - 1 && x + width - 1 == cols - 1
        let status = glyph.withUnsafeBufferPointer {
            iskra_put_cell(window, Int32(y), Int32(x), $0.baseAddress, attributes, pair, insert)
        }
        if status == ERR && !insert {
            // setcchar refused the string: draw a stand-in rather than leave stale content.
            glyph = [wchar_t(UInt8(ascii: "?")), 0]
            _ = glyph.withUnsafeBufferPointer {
                iskra_put_cell(window, Int32(y), Int32(x), $0.baseAddress, attributes, pair, insert)
            }
        }
    }

    /// Fills `glyph` with the NUL-terminated wide string for `grapheme` and returns its width
    /// in columns (1 or 2). Control characters become `?`; unprintable or too-wide-for-the-slot
    /// characters become `?`; a grapheme that starts with a zero-width character is put on a
    /// space; characters after the first that are not zero-width (emoji sequences) are dropped,
    /// as a cell holds one spacing character plus up to four combining ones. Format characters
    /// (zero-width joiner, zero-width space, word joiner, BOM) are never sent: a joiner left at
    /// the end of a cell makes the terminal join the next cell's character to this one, which
    /// shifts the rest of the line.
    @discardableResult
    private func setGlyph(_ grapheme: String, roomForWide: Bool) -> Int {
        glyph = Self.glyph(for: grapheme, roomForWide: roomForWide)
        return glyph.count > 1 && iskra_wcwidth(glyph[0]) == 2 ? 2 : 1
    }

    static func glyph(for grapheme: String, roomForWide: Bool) -> [wchar_t] {
        let question = wchar_t(UInt8(ascii: "?"))
        var result: [wchar_t] = []
        result.reserveCapacity(Int(CCHARW_MAX) + 1)
        for scalar in grapheme.unicodeScalars where scalar.properties.generalCategory != .format {
            let value = scalar.value
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value)
            let code = isControl ? question : wchar_t(bitPattern: value)
            if result.isEmpty {
                switch iskra_wcwidth(code) {
                case 1: result.append(code)
                case 2: result.append(roomForWide ? code : question)
                case 0: result.append(wchar_t(UInt8(ascii: " "))); result.append(code)
                default: result.append(question)
                }
            } else if iskra_wcwidth(code) == 0 && result.count < Int(CCHARW_MAX) {
                result.append(code)
            }
        }
        if result.isEmpty { result.append(wchar_t(UInt8(ascii: " "))) }
        result.append(0)
        return result
    }

    // MARK: Styles

    private func cursesAttributes(_ attributes: Attributes) -> attr_t {
        var result = iskra_wa_normal()
        if attributes.contains(.bold) { result |= iskra_wa_bold() }
        if attributes.contains(.dim) { result |= iskra_wa_dim() }
        if attributes.contains(.italic) { result |= iskra_wa_italic() }
        if attributes.contains(.underline) { result |= iskra_wa_underline() }
        if attributes.contains(.reverse) { result |= iskra_wa_reverse() }
        return result
    }

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// The colour pair for a style: 0 (terminal default) in monochrome; otherwise allocated on
    /// first use with `alloc_pair` and cached.
    private func colorPair(_ style: Style) -> Int32 {
        guard colorCapability != .monochrome else { return 0 }
        var foreground = ColorMapping.cursesColor(style.foreground, colors: colorCount)
        var background = ColorMapping.cursesColor(style.background, colors: colorCount)
        if !defaultColors {
            // Without use_default_colors, -1 is not a colour: assume white on black.
            if foreground < 0 { foreground = 7 }
            if background < 0 { background = 0 }
        }
        if foreground < 0 && background < 0 { return 0 }
        let key = PairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        let pair = alloc_pair(foreground, background)
        guard pair > 0 else { return 0 }
        if pairs.count >= Int(iskra_color_pairs()) - 1 {
            // alloc_pair recycles the least recently used pair once the table is full, which
            // can invalidate cached numbers: start again.
            pairs.removeAll()
        }
        pairs[key] = pair
        return pair
    }
}
