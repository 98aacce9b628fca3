// The people register: who a book names, every form the text uses for them, and what is not a
// mention (titles of works). The file format is documented at the top of
// Content/leon-trotsky.people; `PeopleRegister.parse` reads it and `rendered()` writes it back.

public struct Person: Equatable, Sendable {
    public var id: String
    /// Canonical name; always one of the forms.
    public var name: String
    /// Every other form the text uses, in register order.
    public var aliases: [String]
    public var born: String?
    public var died: String?
    public var role: String?
    /// Shared forms this person takes when context does not decide.
    public var defaults: [String]
    /// Phrases that settle a shared form for this person wherever they occur.
    public var contexts: [String]
    /// False for people proposed by `PeopleSuggester` and not yet checked by a human.
    public var verified: Bool

    public init(id: String, name: String, aliases: [String] = [], born: String? = nil, died: String? = nil,
                role: String? = nil, defaults: [String] = [], contexts: [String] = [], verified: Bool = true) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.born = born
        self.died = died
        self.role = role
        self.defaults = defaults
        self.contexts = contexts
        self.verified = verified
    }

    /// The canonical name followed by the aliases, without repeats.
    public var forms: [String] {
        // A person has a handful of forms: comparing beats hashing them into a set.
        var forms = [name], seen = [PeopleText.normalized(name)]
        for alias in aliases {
            let normalized = PeopleText.normalized(alias)
            if !seen.contains(normalized) {
                seen.append(normalized)
                forms.append(alias)
            }
        }
        return forms
    }
}

/// Text in which a name is not a mention: the title of a work, or another phrase.
public struct Shadow: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
        case work
        case not
    }

    public var kind: Kind
    /// The literal to find, without brackets.
    public var literal: String
    /// Scalar range of `literal` that is shadowed (all of it when the entry had no brackets).
    public var shadowed: Range<Int>

    public init(kind: Kind, literal: String, shadowed: Range<Int>) {
        self.kind = kind
        self.literal = literal
        self.shadowed = shadowed
    }

    /// Reads `Trotsky's [Stalin]`: brackets mark the shadowed part; none means all of it.
    public init?(kind: Kind, entry: String) {
        var literal = String.UnicodeScalarView()
        var open: Int?
        var range: Range<Int>?
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "[":
                guard open == nil, range == nil else { return nil }
                open = literal.count
            case "]":
                guard let start = open, range == nil, literal.count > start else { return nil }
                range = start..<literal.count
                open = nil
            default:
                literal.append(scalar)
            }
        }
        guard open == nil, !literal.isEmpty else { return nil }
        self.init(kind: kind, literal: String(literal), shadowed: range ?? 0..<literal.count)
    }

    /// The entry as written in a register file.
    public var entry: String {
        let scalars = Array(literal.unicodeScalars)
        if shadowed == 0..<scalars.count { return literal }
        var out = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            if i == shadowed.lowerBound { out.append("[") }
            out.append(scalar)
            if i == shadowed.upperBound - 1 { out.append("]") }
        }
        return String(out)
    }
}

public struct RegisterError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

public struct PeopleRegister: Equatable, Sendable {
    public var people: [Person]
    public var shadows: [Shadow]

    public init(people: [Person] = [], shadows: [Shadow] = []) {
        self.people = people
        self.shadows = shadows
    }

    public static func parse(_ text: String) throws(RegisterError) -> PeopleRegister {
        var register = PeopleRegister()
        var current: Person?
        var currentLine = 0
        var ids: Set<String> = []

        func finish() throws(RegisterError) {
            guard let person = current else { return }
            guard !person.name.isEmpty else {
                throw RegisterError(line: currentLine, message: "person \(person.id) has no name")
            }
            let forms = Set(person.forms.map(PeopleText.normalized))
            for form in person.defaults where !forms.contains(PeopleText.normalized(form)) {
                throw RegisterError(line: currentLine, message: "default \(form) is not a form of \(person.id)")
            }
            for phrase in person.contexts {
                let normalized = PeopleText.normalized(phrase)
                if !forms.contains(where: { PeopleText.wordRange(of: $0, in: normalized) != nil }) {
                    throw RegisterError(line: currentLine,
                                        message: "context \"\(phrase)\" contains no form of \(person.id)")
                }
            }
            register.people.append(person)
            current = nil
        }

        // Everything is done on the UTF-8 bytes: Character-based splitting, trimming and key
        // comparison cost several times the parse itself, before the first frame.
        let bytes = Array(text.utf8)
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            let line = trimmed(bytes, lineStart ..< lineEnd)
            if line.isEmpty || bytes[line.lowerBound] == UInt8(ascii: "#") { continue }
            guard let colon = line.first(where: { bytes[$0] == UInt8(ascii: ":") }) else {
                throw RegisterError(line: lineNumber, message: "expected `key: value`")
            }
            let keyRange = trimmed(bytes, line.lowerBound ..< colon)
            let key = String(decoding: bytes[keyRange], as: UTF8.self)
            let valueRange = trimmed(bytes, colon + 1 ..< line.upperBound)
            let value = String(decoding: bytes[valueRange], as: UTF8.self)
            switch key {
            case "work", "not":
                guard current == nil else {
                    throw RegisterError(line: lineNumber, message: "`\(key):` belongs before the first person")
                }
                guard let shadow = Shadow(kind: key == "work" ? .work : .not, entry: value) else {
                    throw RegisterError(line: lineNumber, message: "bad \(key) entry (brackets?)")
                }
                register.shadows.append(shadow)
            case "person":
                try finish()
                guard !value.isEmpty else { throw RegisterError(line: lineNumber, message: "person without id") }
                guard ids.insert(value).inserted else {
                    throw RegisterError(line: lineNumber, message: "duplicate person id \(value)")
                }
                current = Person(id: value, name: "")
                currentLine = lineNumber
            default:
                guard current != nil else {
                    throw RegisterError(line: lineNumber, message: "`\(key):` outside a person block")
                }
                switch key {
                case "name": current!.name = value
                case "aliases": current!.aliases += list(bytes, valueRange)
                case "born": current!.born = value.isEmpty ? nil : value
                case "died": current!.died = value.isEmpty ? nil : value
                case "role": current!.role = value.isEmpty ? nil : value
                case "default": current!.defaults += list(bytes, valueRange)
                case "context": current!.contexts += list(bytes, valueRange)
                case "status":
                    switch value {
                    case "verified": current!.verified = true
                    case "unverified": current!.verified = false
                    default: throw RegisterError(line: lineNumber, message: "status is verified or unverified")
                    }
                default:
                    throw RegisterError(line: lineNumber, message: "unknown key `\(key)`")
                }
            }
        }
        try finish()
        return register
    }

    /// `range` without the spaces, tabs and line ends around it.
    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        let kept = bytes[range].trimmingSpaceBytes
        return kept.startIndex ..< kept.endIndex
    }

    /// The non-empty `;`-separated entries of a value, trimmed.
    private static func list(_ bytes: [UInt8], _ range: Range<Int>) -> [String] {
        var entries: [String] = []
        var start = range.lowerBound
        for i in range.lowerBound ... range.upperBound where i == range.upperBound || bytes[i] == UInt8(ascii: ";") {
            let entry = trimmed(bytes, start ..< i)
            if !entry.isEmpty { entries.append(String(decoding: bytes[entry], as: UTF8.self)) }
            start = i + 1
        }
        return entries
    }

    /// The register in its file format (without the format documentation).
    public func rendered(header: [String] = []) -> String {
        var out = ""
        for line in header { out += line.isEmpty ? "#\n" : "# \(line)\n" }
        if !header.isEmpty { out += "\n" }
        for shadow in shadows { out += "\(shadow.kind.rawValue): \(shadow.entry)\n" }
        if !shadows.isEmpty { out += "\n" }
        for person in people {
            out += "person: \(person.id)\n"
            out += "name: \(person.name)\n"
            let aliases = person.forms.dropFirst()
            if !aliases.isEmpty { out += "aliases: \(aliases.joined(separator: "; "))\n" }
            if !person.defaults.isEmpty { out += "default: \(person.defaults.joined(separator: "; "))\n" }
            if !person.contexts.isEmpty { out += "context: \(person.contexts.joined(separator: "; "))\n" }
            if let born = person.born { out += "born: \(born)\n" }
            if let died = person.died { out += "died: \(died)\n" }
            if let role = person.role { out += "role: \(role)\n" }
            if !person.verified { out += "status: unverified\n" }
            out += "\n"
        }
        return out
    }
}

/// Small text helpers shared by the register, matcher and suggester.
enum PeopleText {
    static let rightQuote: Unicode.Scalar = "\u{2019}"
    /// Lower-case words inside names (`de la Cruz`, `van der Lubbe`, `y Gasset`), for the source
    /// header reader and the people proposer alike.
    static let nameParticles: Set<String> = ["de", "del", "della", "da", "di", "la", "le", "von", "van", "der", "du", "y"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]

    /// `’` becomes `'`; nothing else changes, so scalar offsets are kept.
    @inline(__always) static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar == rightQuote ? "'" : scalar
    }

    static func normalized(_ text: String) -> String {
        // Most names have no `’` (E2 80 99 in UTF-8): then there is nothing to do.
        if !text.utf8.contains(0x99) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(fold(scalar)) }
        return String(out)
    }

    @inline(__always) static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let v = scalar.value
            return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{00A0}"
    }

    /// Scalar range of `word` as a whole word inside `text`, if any.
    static func wordRange(of word: String, in text: String) -> Range<Int>? {
        let w = Array(word.unicodeScalars), t = Array(text.unicodeScalars)
        guard !w.isEmpty, w.count <= t.count else { return nil }
        for start in 0...(t.count - w.count) where t[start..<start + w.count].elementsEqual(w) {
            let okBefore = start == 0 || !isWordScalar(t[start - 1]) || !isWordScalar(w[0])
            let end = start + w.count
            let okAfter = end == t.count || !isWordScalar(t[end]) || !isWordScalar(w[w.count - 1])
            if okBefore && okAfter { return start..<end }
        }
        return nil
    }
}
