package glue

// These are what CloudFormation uses to provision AWS::Glue::Database and
// AWS::Glue::Table. Inputs are the API's DatabaseInput and TableInput in
// JSON. Callers hold the state lock; errors are the API's.

// CreateDatabase creates a database and returns its (lower-case) name.
func (s *Service) CreateDatabase(account, region string, input []byte) (string, error) {
	var in DatabaseInput
	if err := decodeInput(input, &in); err != nil {
		return "", err
	}
	db, err := s.createDatabase(account, region, in)
	if err != nil {
		return "", err
	}
	return db.Name, nil
}

// UpdateDatabase replaces a database's definition.
func (s *Service) UpdateDatabase(account, region, name string, input []byte) error {
	var in DatabaseInput
	if err := decodeInput(input, &in); err != nil {
		return err
	}
	return s.updateDatabase(account, region, name, in)
}

// DeleteDatabase deletes a database and its tables if it exists.
func (s *Service) DeleteDatabase(account, region, name string) {
	delete(s.databases(account, region), name)
}

// CreateTable creates a table and returns its (lower-case) name.
func (s *Service) CreateTable(account, region, database string, input []byte) (string, error) {
	var in TableInput
	if err := decodeInput(input, &in); err != nil {
		return "", err
	}
	if err := s.createTable(account, region, database, in); err != nil {
		return "", err
	}
	return normalizedName(in.Name), nil
}

// UpdateTable replaces a table's definition, keeping its partitions.
func (s *Service) UpdateTable(account, region, database string, input []byte) error {
	var in TableInput
	if err := decodeInput(input, &in); err != nil {
		return err
	}
	return s.updateTable(account, region, database, in)
}

// DeleteTable deletes a table if it exists.
func (s *Service) DeleteTable(account, region, database, name string) {
	if db, err := s.database(account, region, database); err == nil {
		delete(db.Tables, name)
	}
}
