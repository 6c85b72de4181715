//! The Today pane (being built).

use super::{Effect, Env, Pane, View};
use crate::tui::keys::{Action, Scope};
use crate::tui::msg::Msg;
use anyhow::Result;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// State of the Today pane.
#[derive(Default)]
pub struct TodayPane {}

impl Pane for TodayPane {
    fn scope(&self) -> Scope {
        Scope::Today
    }

    fn reload(&mut self, _env: &Env) -> Result<()> {
        Ok(())
    }

    fn handle(&mut self, _action: Action, _env: &Env) -> Result<Effect> {
        Ok(Effect::None)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        frame.render_widget(Paragraph::new(view.t(Msg::Loading)), area);
    }
}
