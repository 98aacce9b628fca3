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
