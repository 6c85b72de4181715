//! The Care pane (being built).

use super::{Effect, Env, Pane, View};
use crate::tui::keys::{Action, Scope};
use crate::tui::msg::Msg;
use anyhow::Result;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// State of the Care pane.
#[derive(Default)]
pub struct CarePane {}

impl Pane for CarePane {
    fn scope(&self) -> Scope {
        Scope::Care
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
