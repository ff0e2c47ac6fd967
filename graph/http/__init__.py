"""HTTP plumbing shared by every served interface: settings, content negotiation, body limits, slow-client deadline."""
