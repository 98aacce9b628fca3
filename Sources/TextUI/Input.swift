#if canImport(Glibc)
import Glibc
#endif
// Input as the app sees it, whatever the backend. Printable keys arrive as characters, so
// bindings work on any keyboard layout.

public enum Key: Hashable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right
    case pageUp, pageDown, home, end
    case function(Int)
    /// Ctrl plus a letter, lowercased (`.control("l")` for Ctrl-L).
    case control(Character)
    /// Alt (Meta) plus a character, a Ctrl letter, Backspace, Enter or Tab:
    /// `.alt(.character("b"))`, `.alt(.backspace)`. Modifiers on other keys are not reported.
    indirect case alt(Key)
}

public enum MouseButton: Hashable, Sendable {
    case left, middle, right, wheelUp, wheelDown
}

public struct MouseEvent: Hashable, Sendable {
    public var button: MouseButton
    public var position: Point
    public init(button: MouseButton, position: Point) {
        self.button = button
        self.position = position
    }
}

public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// Text the terminal said was pasted (bracketed paste), whole: it goes into the line being
    /// typed, never taken for commands.
    case paste(String)
}

/// What the terminal can show; the app picks its palette from it.
public enum ColorCapability: Hashable, Sendable, Comparable {
    case monochrome
    case basic8
    case palette256
}

/// A terminal as the explorer's loop uses it: its size and colours, frames drawn by
/// difference, input with a timeout, and whether a signal asked to quit. ncurses implements it
/// (`CursesBackend.TerminalSession`); `MemoryTerminal` is its in-memory twin for tests.
public protocol Terminal: AnyObject {
    var size: Size { get }
    var colorCapability: ColorCapability { get }
    /// Draws a frame (only what changed since the last one).
    func draw(_ frame: ScreenBuffer)
    /// The next frame repaints everything.
    func invalidate()
    /// Waits up to `timeoutMilliseconds` (negative: for ever) for input; nil on timeout, on a
    /// quit signal, or for input of no use; also nil as soon as `wake` (a descriptor a
    /// background job writes to when its result is in) becomes readable.
    func nextEvent(timeoutMilliseconds: Int32, wake: Int32?) -> InputEvent?
    /// Puts `text` on the system clipboard (OSC 52, which works over SSH and in tmux with
    /// `set-clipboard`); false when this terminal cannot be asked to.
    func copyToClipboard(_ text: String) -> Bool
    /// Turns mouse reporting off (the terminal's own text selection works, to select a text
    /// shown for that) or back on; nothing when the mouse was never captured (`--no-mouse`).
    func setMouseCapture(_ enabled: Bool)
    /// SIGINT, SIGTERM or SIGHUP arrived: the program should quit.
    var quitRequested: Bool { get }
    var quitSignal: Int32? { get }
}

extension Terminal {
    /// The next input, with no job to wait for.
    public func nextEvent(timeoutMilliseconds: Int32) -> InputEvent? {
        nextEvent(timeoutMilliseconds: timeoutMilliseconds, wake: nil)
    }
}

/// A terminal in memory: input from a script, frames kept. The script is a list of bursts,
/// each what a user (or a paste) puts in at once: a read that waits gets the next burst, a
/// read that does not wait gets only what is left of the current one. A burst waits while a
/// background job is out (unless `waitsForJobs` is false), as a user waits for the screen to
/// settle; `typeahead` is the one burst that does not: keys typed while the book loads. When
/// the script is spent, a read with a timeout times out (after that long, as a terminal
/// would) and a read that would wait for ever asks to quit, so a loop run on it always ends.
public final class MemoryTerminal: Terminal {
    public private(set) var size: Size
    public let colorCapability: ColorCapability
    /// Every frame drawn, in order.
    public private(set) var frames: [ScreenBuffer] = []
    public private(set) var invalidations = 0
    private var bursts: [[InputEvent]]
    private var current: [InputEvent] = []
    private let waitsForJobs: Bool

    public init(size: Size, colorCapability: ColorCapability = .monochrome, typeahead: [InputEvent] = [],
                bursts: [[InputEvent]] = [], waitsForJobs: Bool = true) {
        self.size = size
        self.colorCapability = colorCapability
        self.bursts = bursts
        self.current = typeahead
        self.waitsForJobs = waitsForJobs
    }

    public var lastFrame: ScreenBuffer? { frames.last }

    /// What was copied to the clipboard, in order; `clipboardWorks` false: a terminal that
    /// cannot take it.
    public private(set) var clipboard: [String] = []
    public var clipboardWorks = true
    public func copyToClipboard(_ text: String) -> Bool {
        guard clipboardWorks else { return false }
        clipboard.append(text)
        return true
    }

    /// Each change of mouse capture asked for, in order.
    public private(set) var mouseCaptureChanges: [Bool] = []
    public func setMouseCapture(_ enabled: Bool) { mouseCaptureChanges.append(enabled) }

    public func draw(_ frame: ScreenBuffer) { frames.append(frame) }
    public func invalidate() { invalidations += 1 }

    public func nextEvent(timeoutMilliseconds: Int32, wake: Int32?) -> InputEvent? {
        if current.isEmpty && timeoutMilliseconds != 0 {
            if bursts.isEmpty || (waitsForJobs && wake != nil) {
                if let wake {
                    // A job is out: wait for it as the real terminal would (bounded, for tests).
                    var watched = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
                    _ = poll(&watched, 1, timeoutMilliseconds < 0 ? 10_000 : timeoutMilliseconds)
                } else if timeoutMilliseconds < 0 {
                    quitRequested = true
                } else {
                    var pause = timespec(tv_sec: 0, tv_nsec: Int(timeoutMilliseconds) * 1_000_000)
                    nanosleep(&pause, nil)
                }
                return nil
            }
            current = bursts.removeFirst()
        }
        guard !current.isEmpty else { return nil }
        let event = current.removeFirst()
        if case .resize(let newSize) = event { size = newSize }
        return event
    }

    public private(set) var quitRequested = false
    public var quitSignal: Int32? { nil }
}

/// The OSC 52 sequence that asks a terminal to put `text` on the clipboard (base64, as the
/// sequence requires), ended with BEL, which every terminal that knows it accepts.
public func osc52(_ text: String) -> [UInt8] {
    Array("\u{1B}]52;c;".utf8) + base64(Array(text.utf8)) + [7]
}

/// Standard base64 with padding.
func base64(_ bytes: [UInt8]) -> [UInt8] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i < bytes.count {
        let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
        out.append(alphabet[Int(b0 >> 2)])
        out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
        out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
        out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
        i += 3
    }
    return out
}
