// The window's look: Qt's Fusion style with either the light palette or a dark one (View → Dark palette).
#pragma once

namespace ensemble::ui {

void applyAppPalette(bool dark);

} // namespace ensemble::ui
