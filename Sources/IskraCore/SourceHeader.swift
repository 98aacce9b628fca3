// Reads `Author, Title (Date)` and its close variants out of a primary source's header. A
// header that describes the source in a sentence ("In 1930 Herbert Morrison ... wrote") has no
// fields: guessing them would mislead.

public enum SourceHeader {
    public struct Fields: Equatable, Sendable {
        public var author: String
        public var title: String?
        public var date: String?
    }

    /// Words that open a descriptive sentence, never a name.
    static let sentenceOpeners: Set<String> = [
        "In", "During", "After", "Before", "On", "At", "The", "A", "An", "When", "While", "As", "From", "By",
        "This", "These", "His", "Her", "Their", "One", "Some", "It",
    ]

    public static func fields(of header: String) -> Fields? {
        var text = Substring(header).trimmingSpaces
        if text.hasSuffix(".") { text = text.dropLast().trimmingSpaces }
        guard let comma = text.firstIndex(of: ",") else { return nil }
        let author = text[..<comma].trimmingSpaces
        guard isPersonName(author) else { return nil }
        var rest = text[text.index(after: comma)...].trimmingSpaces
        var date: String?
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") {
            let inner = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)].trimmingSpaces
            if containsYear(inner) {
                date = String(inner)
                rest = rest[..<open].trimmingSpaces
            }
        }
        if date == nil, let stop = rest.firstRange(of: ". ") {
            // "speech. Leon Trotsky Memorial meeting ... on August 28, 1940": the work is the
            // first sentence; a date may be stated in the rest.
            let note = rest[stop.upperBound...]
            date = trailingDate(in: note)
            rest = rest[..<stop.lowerBound].trimmingSpaces
        }
        return Fields(author: String(author), title: rest.isEmpty ? nil : String(rest), date: date)
    }

    static func isPersonName(_ text: Substring) -> Bool {
        let words = text.split(separator: " ")
        guard (1...5).contains(words.count), let first = words.first, !sentenceOpeners.contains(String(first))
        else { return false }
        for word in words {
            if PeopleText.nameParticles.contains(String(word)) { continue }
            guard let initial = word.unicodeScalars.first, initial.properties.isUppercase else { return false }
            if word.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) { return false }
        }
        return true
    }

    static func containsYear(_ text: Substring) -> Bool {
        var run = 0
        var firstDigit: Unicode.Scalar = "0"
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                if run == 0 { firstDigit = scalar }
                run += 1
            } else {
                if run == 4 && (firstDigit == "1" || firstDigit == "2") { return true }
                run = 0
            }
        }
        return run == 4 && (firstDigit == "1" || firstDigit == "2")
    }

    /// `Month D, YYYY` or `Dth Month, YYYY` at the end of a note.
    static func trailingDate(in note: Substring) -> String? {
        for month in PeopleText.months {
            guard let range = note.firstRange(of: month) else { continue }
            var start = range.lowerBound
            // include a leading day such as "28th "
            let before = note[..<start].trimmingSpaces
            if let lastWord = before.split(separator: " ").last, lastWord.first?.isNumber == true {
                start = lastWord.startIndex
            }
            let candidate = note[start...].trimmingSpaces
            if containsYear(candidate) { return String(candidate) }
        }
        return nil
    }
}
