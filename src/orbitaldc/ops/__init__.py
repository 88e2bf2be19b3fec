"""Operations stage: what users and jobs get from the fleet (discrete-event core in ``sim``)."""
