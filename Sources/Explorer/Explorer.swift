// Placeholder until the explorer lands (issue 3).
import IskraCore
import TextUI
